using Kiln.Go.Build;

namespace Kiln.Go.Tests.Build;

/// The `#cgo` allow-list, on cases taken from cmd/go/internal/work/security_test.go.
public sealed class CgoSecurityTests
{
    [Theory]
    [InlineData("CFLAGS", "-DFOO")]
    [InlineData("CFLAGS", "-DGREETING=42")]
    [InlineData("CFLAGS", "-I/usr/include/x")]
    [InlineData("CFLAGS", "-O2 -g -Wall -Werror -fno-stack-protector")]
    [InlineData("CFLAGS", "-I . -D X")]
    [InlineData("CFLAGS", "-std=c99 -pthread -fPIC -m64")]
    [InlineData("CFLAGS", "-ffile-prefix-map=/a=/b")]
    [InlineData("LDFLAGS", "-lm -lpthread -L/opt/lib")]
    [InlineData("LDFLAGS", "-Wl,--as-needed -Wl,-z,relro libfoo.a")]
    [InlineData("LDFLAGS", "-Wl,-rpath -Wl,/opt/lib")]
    public void FirstInvalid_AllowedFlags_IsNull(string name, string flags) =>
        Assert.Null(CgoSecurity.FirstInvalid(name, flags.Split(' ')));

    [Theory]
    [InlineData("CFLAGS", "-fplugin=x", "-fplugin=x")]
    [InlineData("CFLAGS", "-O2 -B/tmp", "-B/tmp")]
    [InlineData("CFLAGS", "@file", "@file")]
    [InlineData("CFLAGS", "-D@X", "-D@X")]
    [InlineData("CFLAGS", "-Wa,-foo", "-Wa,-foo")]
    [InlineData("CFLAGS", "-I -x", "-I -x")]
    [InlineData("CFLAGS", "-D", "-D without argument")]
    [InlineData("CFLAGS", "-DX\n-fplugin=y", "-DX\n-fplugin=y")]
    [InlineData("LDFLAGS", "-lm -Wl,--hack", "-Wl,--hack")]
    [InlineData("LDFLAGS", "-lto_library", "-lto_library")]
    [InlineData("LDFLAGS", "-Wl,-rpath,@foo", "-Wl,-rpath,@foo")]
    [InlineData("LDFLAGS", "-fplugin=x", "-fplugin=x")]
    public void FirstInvalid_DisallowedFlag_IsNamedAsGoDoes(string name, string flags, string expected) =>
        Assert.Equal(expected, CgoSecurity.FirstInvalid(name, flags.Split(' ')));
}
