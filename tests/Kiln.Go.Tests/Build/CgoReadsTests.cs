using Kiln.Go.Build;

namespace Kiln.Go.Tests.Build;

/// The reads of a cgo compile that key it: absolute paths outside the sandbox, the store, the SDK and the system's
/// own header directories.
public sealed class CgoReadsTests
{
    [Fact]
    public void Outside_KeepsOnlyHeadersOutsideSandboxStoreSdkAndSystem()
    {
        var depFile = """
            obj/_x002.o: obj/x.cgo2.c obj/_cgo_export.h src/local.h \
             /usr/include/stdio.h /usr/lib/gcc/x86_64-linux-gnu/13/include/stddef.h \
             /goroot/src/runtime/cgo/libcgo.h /store/sandboxes/abc/root/src/y.h \
             /tmp/hdrs/../hdrs/abs.h /usr/local/include/lib.h /home/u/ws/common/c.h
            """;                                                                                 // Given

        var reads = CgoReads.Outside(depFile, ["/store", "/goroot"]);                           // When

        Assert.Equal(["/home/u/ws/common/c.h", "/tmp/hdrs/abs.h", "/usr/local/include/lib.h"], reads); // Then: sorted
    }
}
