using Kiln.Core;

namespace Kiln.Cli;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int ActionFailed = 1;
    public const int UserError = 2;
    public const int EnvironmentError = 3;
    public const int InternalError = 70;

    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.User => UserError,
        ErrorKind.Environment => EnvironmentError,
        ErrorKind.ActionFailed => ActionFailed,
        _ => InternalError,
    };
}
