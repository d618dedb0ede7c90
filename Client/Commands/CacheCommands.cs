using System.CommandLine;
using System.Text;
using OrleansSync.Client.Cli;
using OrleansSync.Grains.Cache.Client;
using OrleansSync.Grains.Interfaces.Cache;
using Spectre.Console;

namespace OrleansSync.Client.Commands;

/// <summary>
/// <c>cache get | put | del | state | stats | stat</c> (<c>set</c> and <c>delete</c> are aliases of
/// put and del), through the near cache of one silo (the first active one by address, or
/// <c>--silo</c>); <c>state</c> and <c>stats</c> also ask every active silo. Values are text, stored as UTF-8.
/// </summary>
internal static class CacheCommands
{
    public static Command Build(HandlerFactory handler)
    {
        var command = new Command("cache", "Read and write the coherent cache (linearizable, with a near cache on every silo).");
        command.Add(Get(handler));
        command.Add(Set(handler));
        command.Add(Delete(handler));
        command.Add(Stat(handler));
        command.Add(State(handler));
        command.Add(Stats(handler));
        return command;
    }

    private static Option<string?> Silo() => new("--silo")
    {
        Description = "the silo whose near cache serves the command (its address as 'status' lists it, host:port@generation); the first active silo by default",
    };

    private static Argument<string> Key() => new("key")
    {
        Description = "the cache key (1 to 512 UTF-8 bytes, no control characters)",
        Validators =
        {
            result =>
            {
                var key = result.GetValueOrDefault<string>();
                if (string.IsNullOrEmpty(key) || key.Any(char.IsControl))
                {
                    result.AddError("The cache key must be non-empty, without control characters.");
                }
            },
        },
    };

    private static Command Get(HandlerFactory handler)
    {
        var key = Key();
        var silo = Silo();
        var command = new Command("get", "Print the key's value (linearizable). Exits 6 when the key has no value.") { key, silo };
        command.SetAction(handler(async (context, ct) =>
        {
            var name = context.Value(key);
            await using var connection = await context.ConnectAsync(ct);
            var value = await GuardAsync(name, () => Client(connection.Grains, context.Value(silo)).GetAsync(name, ct));
            if (value is null)
            {
                throw new CliException(ExitCodes.NotFound, ErrorCodes.NotFound, $"'{name}' has no value.");
            }

            var text = Encoding.UTF8.GetString(value.Value);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { key = name, value = text, version = value.Version, hit = value.Hit });
            }
            else
            {
                // The bare value, so that scripts can capture it.
                context.Output.Stdout.WriteLine(text);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Set(HandlerFactory handler)
    {
        var key = Key();
        var value = new Argument<string>("value") { Description = "the value, stored as UTF-8" };
        var ttl = CliOptions.Duration("--ttl", "the key's time to live (none by default)", TimeSpan.Zero, TimeSpan.Zero);
        var silo = Silo();
        var command = new Command("put", "Write the value through the directory: returns once every other silo's copy is invalidated and the value is committed.")
        {
            key, value, ttl, silo,
        };
        command.Aliases.Add("set");
        command.SetAction(handler(async (context, ct) =>
        {
            var (name, text) = (context.Value(key), context.Value(value));
            var timeToLive = context.Value(ttl) is { } t && t > TimeSpan.Zero ? t : (TimeSpan?)null;
            await using var connection = await context.ConnectAsync(ct);
            var version = await GuardAsync(name, () => Client(connection.Grains, context.Value(silo)).SetAsync(name, Encoding.UTF8.GetBytes(text), timeToLive, ct));
            Report(context.Output, new { key = name, version }, $"Set '{Markup.Escape(name)}' (version {version}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(HandlerFactory handler)
    {
        var key = Key();
        var silo = Silo();
        var command = new Command("del", "Delete the key through the directory (also when it has no value).") { key, silo };
        command.Aliases.Add("delete");
        command.SetAction(handler(async (context, ct) =>
        {
            var name = context.Value(key);
            await using var connection = await context.ConnectAsync(ct);
            await GuardAsync(name, async () =>
            {
                await Client(connection.Grains, context.Value(silo)).DeleteAsync(name, ct);
                return true;
            });
            Report(context.Output, new { key = name, deleted = true }, $"Deleted '{Markup.Escape(name)}'.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Stat(HandlerFactory handler)
    {
        var silo = Silo();
        var command = new Command("stat", "Show one silo's near cache: hits, misses, hit rate, invalidations, recalls, evictions, lines by state.") { silo };
        command.SetAction(handler(async (context, ct) =>
        {
            await using var connection = await context.ConnectAsync(ct);
            var stats = await GuardAsync("stat", () => Client(connection.Grains, context.Value(silo)).StatsAsync(ct));
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    silo = stats.Silo,
                    hits = stats.Hits,
                    misses = stats.Misses,
                    hitRate = stats.HitRate,
                    invalidationsReceived = stats.InvalidationsReceived,
                    invalidationsAcked = stats.InvalidationsAcked,
                    recalls = stats.Recalls,
                    evictions = stats.Evictions,
                    entries = stats.Entries,
                    bytes = stats.Bytes,
                    modified = stats.ModifiedLines,
                    exclusive = stats.ExclusiveLines,
                    shared = stats.SharedLines,
                });
            }
            else
            {
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("silo", Markup.Escape(stats.Silo));
                grid.AddRow("hits / misses", $"{stats.Hits} / {stats.Misses} ({stats.HitRate:P1})");
                grid.AddRow("invalidations received / acked", $"{stats.InvalidationsReceived} / {stats.InvalidationsAcked}");
                grid.AddRow("recalls / evictions", $"{stats.Recalls} / {stats.Evictions}");
                grid.AddRow("lines M / E / S", $"{stats.ModifiedLines} / {stats.ExclusiveLines} / {stats.SharedLines}");
                grid.AddRow("entries / bytes", $"{stats.Entries} / {stats.Bytes}");
                context.Output.Console.Write(grid);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command State(HandlerFactory handler)
    {
        var key = Key();
        var silo = Silo();
        var command = new Command("state", "Show the key's version, the directory's owner or sharers, and every active silo's copy (M, E, S or I).") { key, silo };
        command.SetAction(handler(async (context, ct) =>
        {
            var name = context.Value(key);
            await using var connection = await context.ConnectAsync(ct);
            var state = await GuardAsync(name, () => Client(connection.Grains, context.Value(silo)).StateAsync(name, ct));
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    key = state.Key,
                    exists = state.Exists,
                    version = state.Version,
                    owner = state.Owner?.Name,
                    ownerState = state.OwnerState,
                    sharers = state.Sharers.Select(s => s.Name).ToArray(),
                    silos = state.Silos.Select(s => new { silo = s.Silo.Name, address = s.Silo.Identity, state = s.State, error = s.Error }).ToArray(),
                });
            }
            else
            {
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("key", Markup.Escape(state.Key));
                grid.AddRow("version", state.Exists ? $"{state.Version}" : $"{state.Version} (no value)");
                grid.AddRow("owner", state.Owner is { } owner ? $"{Markup.Escape(owner.Name)} ({state.OwnerState})" : "none");
                grid.AddRow("sharers", state.Sharers.Count == 0 ? "none" : Markup.Escape(string.Join(", ", state.Sharers.Select(s => s.Name))));
                context.Output.Console.Write(grid);
                var table = new Table().AddColumn("silo").AddColumn("address").AddColumn("state");
                foreach (var line in state.Silos)
                {
                    table.AddRow(Markup.Escape(line.Silo.Name), Markup.Escape(line.Silo.Identity), line.State ?? $"[red]no answer[/]: {Markup.Escape(line.Error ?? string.Empty)}");
                }

                context.Output.Console.Write(table);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Stats(HandlerFactory handler)
    {
        var command = new Command("stats", "Show every active silo's near cache: hits, misses, hit rate, invalidations sent and acked, recalls, evictions, bytes, lines by state.");
        command.SetAction(handler(async (context, ct) =>
        {
            await using var connection = await context.ConnectAsync(ct);
            var reports = await GuardAsync("stats", () => Client(connection.Grains, null).ClusterStatsAsync(ct));
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    silos = reports.Select(r => new
                    {
                        silo = r.Silo.Name,
                        address = r.Silo.Identity,
                        hits = r.Stats?.Hits,
                        misses = r.Stats?.Misses,
                        hitRate = r.Stats?.HitRate,
                        invalidationsSent = r.Stats?.InvalidationsSent,
                        invalidationsAcked = r.Stats?.InvalidationsAcked,
                        recalls = r.Stats?.Recalls,
                        evictions = r.Stats?.Evictions,
                        bytes = r.Stats?.Bytes,
                        // A dictionary: its keys are written as they are, where a property "M" would be camelCased to "m".
                        lines = r.Stats is { } s ? new Dictionary<string, int> { ["M"] = s.ModifiedLines, ["E"] = s.ExclusiveLines, ["S"] = s.SharedLines } : null,
                        error = r.Error,
                    }).ToArray(),
                });
            }
            else
            {
                var table = new Table();
                foreach (var column in new[] { "silo", "hits", "misses", "hit rate", "inval. sent", "inval. acked", "recalls", "evictions", "bytes", "M", "E", "S" })
                {
                    table.AddColumn(new TableColumn(column));
                }

                foreach (var report in reports)
                {
                    table.AddRow(report.Stats is { } s
                        ? [Markup.Escape(report.Silo.Name), $"{s.Hits}", $"{s.Misses}", $"{s.HitRate:P1}", $"{s.InvalidationsSent}", $"{s.InvalidationsAcked}", $"{s.Recalls}", $"{s.Evictions}", $"{s.Bytes}", $"{s.ModifiedLines}", $"{s.ExclusiveLines}", $"{s.SharedLines}"]
                        : [Markup.Escape(report.Silo.Name), $"[red]no answer[/]: {Markup.Escape(report.Error ?? string.Empty)}", "", "", "", "", "", "", "", "", "", ""]);
                }

                context.Output.Console.Write(table);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static CacheClient Client(IGrainFactory grains, string? silo) => new(grains, new CacheClientOptions { Silo = silo });

    private static void Report<T>(CommandOutput output, T json, string markup)
    {
        if (output.IsJson)
        {
            output.WriteJson(json);
        }
        else
        {
            output.Console.MarkupLine(markup);
        }
    }

    /// <summary>Runs a cache operation, turning its known failures into <see cref="CliException"/>s with stable codes.</summary>
    private static async Task<T> GuardAsync<T>(string key, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (CacheException exception)
        {
            var exitCode = exception.Code switch
            {
                CacheErrorCode.InvalidKey or CacheErrorCode.InvalidArgument or CacheErrorCode.ValueTooLarge => ExitCodes.BadInput,
                CacheErrorCode.Unavailable => ExitCodes.ClusterUnavailable,
                _ => ExitCodes.Failed,
            };
            throw new CliException(exitCode, FailureMapper.SnakeCase(exception.Code.ToString()), $"The cache refused '{key}': {exception.Message}", exception);
        }
        catch (Exception exception) when (FailureMapper.Map(exception, key) is { } failure)
        {
            throw failure;
        }
    }
}
