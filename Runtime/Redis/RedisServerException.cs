namespace OrleansSync.Runtime.Redis;

/// <summary>
/// The server answered a command with an error reply, e.g. <c>WRONGTYPE Operation against a key
/// holding the wrong kind of value</c>. <see cref="Prefix"/> is the error code (first word).
/// </summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException(string serverMessage)
        : base(serverMessage)
    {
        ServerMessage = serverMessage;
        Prefix = ParsePrefix(serverMessage);
    }

    /// <summary>The error code: the first word of the server's message when it is upper-case (ERR, WRONGTYPE, NOSCRIPT, NOAUTH, WRONGPASS, ...), else "ERR".</summary>
    public string Prefix { get; }

    /// <summary>The whole error text as the server sent it.</summary>
    public string ServerMessage { get; }

    private static string ParsePrefix(string message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        var firstWord = space < 0 ? message : message[..space];
        if (firstWord.Length == 0)
        {
            return "ERR";
        }

        foreach (var character in firstWord)
        {
            if (!char.IsAsciiLetterUpper(character) && !char.IsAsciiDigit(character) && character != '_')
            {
                return "ERR";
            }
        }

        return firstWord;
    }
}
