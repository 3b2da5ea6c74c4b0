#!/usr/bin/env bash
# CI check of the playbook without any host: syntax check, then ansible-lint (production
# profile, offline: Galaxy is not reachable, the collections come from Debian's ansible package).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v ansible-playbook >/dev/null 2>&1 || ! command -v ansible-lint >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq ansible ansible-lint >/dev/null
fi

ansible-playbook -i inventory/hosts.ini --syntax-check site.yml
ansible-lint --offline --profile production site.yml inventory/group_vars/all.yml roles
echo "ansible: syntax check and ansible-lint passed"
