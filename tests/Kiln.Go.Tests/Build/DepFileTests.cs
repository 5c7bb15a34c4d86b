using Kiln.Go.Build;

namespace Kiln.Go.Tests.Build;

/// gcc's `-MD` dependency files, read as make reads them.
public sealed class DepFileTests
{
    [Fact]
    public void Prerequisites_ContinuedLines_AreOneRule()
    {
        var text = "obj/_x001.o: _cgo_export.c \\\n /usr/include/stdio.h \\\n  /tmp/h/hdr.h\n";   // Given

        var prerequisites = DepFile.Prerequisites(text);                                     // When

        Assert.Equal(["_cgo_export.c", "/usr/include/stdio.h", "/tmp/h/hdr.h"], prerequisites); // Then
    }

    [Fact]
    public void Prerequisites_EscapedSpacesAndSpecials_AreUnquoted()
    {
        var text = "a.o: /tmp/my\\ dir/h.h /tmp/x\\#1.h /tmp/c\\:d.h /tmp/$$HOME.h /tmp/back\\\\\\ slash.h\n";

        var prerequisites = DepFile.Prerequisites(text);

        Assert.Equal(["/tmp/my dir/h.h", "/tmp/x#1.h", "/tmp/c:d.h", "/tmp/$HOME.h", "/tmp/back\\ slash.h"], prerequisites);
    }

    [Fact]
    public void Prerequisites_EvenBackslashesBeforeASpace_EndTheName()
    {
        var prerequisites = DepFile.Prerequisites("a.o: /tmp/end\\\\ next.h\n");

        Assert.Equal(["/tmp/end\\", "next.h"], prerequisites);
    }

    [Fact]
    public void Prerequisites_MultipleTargetsAndRules_AreAllReadOnce()
    {
        var text = "a.o a.d: a.c x.h\n\nb.o: b.c x.h\r\nx.h:\n# a comment: not.h\n";

        var prerequisites = DepFile.Prerequisites(text);

        Assert.Equal(["a.c", "x.h", "b.c"], prerequisites);
    }

    [Fact]
    public void Prerequisites_ColonInsideAName_IsNoSeparator()
    {
        Assert.Equal(["/tmp/a:b/h.h"], DepFile.Prerequisites("t.o: /tmp/a:b/h.h\n"));
        Assert.Empty(DepFile.Prerequisites("no rule here\n"));
    }
}
