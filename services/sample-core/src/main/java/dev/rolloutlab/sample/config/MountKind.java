package dev.rolloutlab.sample.config;

/** The volume types the demo shows, named as in a pod spec. */
public enum MountKind {
    /** Lives and dies with the pod; shared by its containers. */
    emptyDir,
    /** A directory of the node; outlives the pod, not the node. */
    hostPath,
    /** A claim bound to a PersistentVolume; outlives pod and node. */
    persistentVolumeClaim
}
