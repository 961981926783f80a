// Like the agent, its tests run on Linux only (signals, file modes, /proc, real etcd and HAProxy).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
