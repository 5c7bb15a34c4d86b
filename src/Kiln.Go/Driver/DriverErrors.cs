using Kiln.Core;

namespace Kiln.Go.Driver;

/// Every user-facing failure of `kiln packages-driver`, in one place.
public static class DriverErrors
{
    public static KilnException InvalidQuery(string query, string word) => new(ErrorKind.User,
        $"invalid query type \"{query}\" in query pattern \"{word}\"", [("query", word)],
        hint: "go/packages defines file= and pattern= queries; write pattern=WORD for a pattern that contains '='");

    public static KilnException MalformedRequest(string why) => new(ErrorKind.User,
        "the go/packages request on stdin is not valid JSON of a driver request", [("why", why)],
        hint: "kiln packages-driver is run by go/packages (gopls, gopackages) through GOPACKAGESDRIVER, which writes the request");

    public static KilnException UnsupportedBuildFlag(string flag) => new(ErrorKind.User,
        $"kiln packages-driver does not take the build flag {flag}", [("flag", flag)],
        hint: "Kiln reads the build configuration from kiln.toml and the environment; -tags is the one build flag it takes (e.g. gopls' \"buildFlags\": [\"-tags=integration\"])");
}
