namespace WaveletStack; internal static class Placeholder { }
