namespace WaveletStack;

/// <summary>
/// A mistake the user can fix (bad value, missing file, stack not running). Its message is one
/// sentence saying what is wrong and what to do next; targets print it without a stack trace.
/// </summary>
public class UserErrorException(string message, Exception? inner = null) : Exception(message, inner);
