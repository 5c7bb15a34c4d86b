namespace Kiln.Engine;

/// Cycle search over the wait-for graph (which unfinished computation awaits which).
internal static class WaitGraph
{
    /// The computations on a wait path from <paramref name="from"/> to <paramref name="to"/>, both included,
    /// or null when <paramref name="from"/> does not (transitively) wait on <paramref name="to"/>.
    public static List<Computation>? PathBetween(Computation from, Computation to)
    {
        if (from != to && !from.IsWaiting) return null;   // the common case, a computation just entered: no search
        var cameFrom = new Dictionary<Computation, Computation?> { [from] = null };
        var pending = new Stack<Computation>();
        pending.Push(from);
        while (pending.TryPop(out var node))
        {
            if (node == to) return Walk(node, cameFrom);
            foreach (var next in node.WaitingOn)
            {
                if (cameFrom.TryAdd(next, node)) pending.Push(next);
            }
        }
        return null;
    }

    private static List<Computation> Walk(Computation end, Dictionary<Computation, Computation?> cameFrom)
    {
        var path = new List<Computation>();
        for (Computation? node = end; node is not null; node = cameFrom[node]) path.Add(node);
        path.Reverse();
        return path;
    }
}
