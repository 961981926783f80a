// The agent runs only in the stack's Linux containers (signals, file modes, /proc).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
