using OrleansSync.Client.Cli;
using OrleansSync.Grains.Locks;
using Spectre.Console;

namespace OrleansSync.Client.Formatting;

/// <summary>The JSON object of <c>lock show</c>, and its table. A free lock has no holders and no waiters.</summary>
internal sealed record LockView(string Name, bool Free, IReadOnlyList<LockView.Holder> Holders, IReadOnlyList<LockView.Waiter> Waiters, ulong LastFencingToken)
{
    public static LockView From(string name, LockInfo? info) => info is null
        ? new LockView(name, true, [], [], 0)
        : new LockView(
            name,
            info.Holders.Count == 0,
            [.. info.Holders.Select(h => new Holder(h.LeaseId, InputRules.ModeName(h.Mode), h.HoldCount, h.FencingToken))],
            [.. info.Waiters.Select(w => new Waiter(w.LeaseId, w.WaitId, InputRules.ModeName(w.Mode), w.IsUpgrade, DateTimeOffset.FromUnixTimeMilliseconds(w.WaitingSinceMs), DateTimeOffset.FromUnixTimeMilliseconds(w.DeadlineMs)))],
            info.LastFencingToken);

    public static void Render(IAnsiConsole console, LockView view)
    {
        var name = Markup.Escape(view.Name);
        console.MarkupLine(view.Free ? $"'{name}' is [green]free[/] (last fencing token {view.LastFencingToken})." : $"'{name}' is [yellow]held[/] (last fencing token {view.LastFencingToken}).");
        if (view.Holders.Count > 0)
        {
            var holders = new Table().Title("holders").AddColumns("lease", "mode", "holds", "fencing token");
            foreach (var holder in view.Holders)
            {
                holders.AddRow(Formats.Number(holder.LeaseId), holder.Mode, Formats.Number(holder.HoldCount), Formats.Number(holder.FencingToken));
            }

            console.Write(holders);
        }

        if (view.Waiters.Count > 0)
        {
            var waiters = new Table().Title("waiters (queue order)").AddColumns("lease", "mode", "upgrade", "waiting since", "gives up at");
            foreach (var waiter in view.Waiters)
            {
                waiters.AddRow(Formats.Number(waiter.LeaseId), waiter.Mode, waiter.IsUpgrade ? "yes" : "no", Formats.Instant(waiter.WaitingSince), Formats.Instant(waiter.Deadline));
            }

            console.Write(waiters);
        }
    }

    public sealed record Holder(ulong LeaseId, string Mode, int HoldCount, ulong FencingToken);

    public sealed record Waiter(ulong LeaseId, ulong WaitId, string Mode, bool IsUpgrade, DateTimeOffset WaitingSince, DateTimeOffset Deadline);
}
