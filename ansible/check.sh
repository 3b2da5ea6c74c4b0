#!/usr/bin/env bash
# CI check of the playbooks without any host: syntax check, ansible-lint (production profile,
# offline: Galaxy is not reachable, the collections come from Debian's ansible package), and the
# SSH options Ansible really passes for a fresh host. Installs nothing: needs ansible and
# ansible-lint on the PATH (Debian/Ubuntu: apt-get install ansible ansible-lint).
set -euo pipefail
cd "$(dirname "$0")"

for tool in ansible ansible-playbook ansible-lint; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed (apt-get install ansible ansible-lint)" >&2; exit 1; }
done
export ANSIBLE_CONFIG="$PWD/ansible.cfg"

ansible-playbook -i inventory/hosts.ini --syntax-check site.yml images.yml
ansible-lint --offline --profile production site.yml images.yml inventory/group_vars/all.yml roles

# A fresh host is not in known_hosts: `ansible all -m ping` must still reach it, and a host whose
# key changed must still be refused (ansible.cfg says why). Run the real `ansible -m ping` with a
# fake ssh first on the PATH that records its arguments, and look at the host-key option.
fake="$(mktemp -d)"
trap 'rm -rf "$fake"' EXIT
cat >"$fake/ssh" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$*" >>"${FAKE_SSH_LOG:?}"
echo "ssh: connect to host 203.0.113.11 port 22: Connection refused" >&2
exit 255
EOF
chmod +x "$fake/ssh"
FAKE_SSH_LOG="$fake/ssh.log" PATH="$fake:$PATH" ANSIBLE_LOCAL_TEMP="$fake/tmp" ANSIBLE_SSH_CONTROL_PATH_DIR="$fake/cp" \
  ansible -i inventory/hosts.ini cp1 -m ping >"$fake/ping.out" 2>&1 || true
if [[ ! -s "$fake/ssh.log" ]]; then
  echo "ansible -m ping never ran ssh:" >&2; cat "$fake/ping.out" >&2; exit 1
fi
if ! grep -q 'StrictHostKeyChecking=accept-new' "$fake/ssh.log" || grep -q 'StrictHostKeyChecking=no' "$fake/ssh.log"; then
  echo "ansible -m ping must run ssh with StrictHostKeyChecking=accept-new (new hosts accepted, changed keys refused); it ran:" >&2
  cat "$fake/ssh.log" >&2
  exit 1
fi
echo "ansible: syntax check, ansible-lint and the SSH host-key options passed"
