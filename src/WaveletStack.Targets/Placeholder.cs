namespace WaveletStack.Targets; internal static class Placeholder { }
