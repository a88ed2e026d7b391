using System.CommandLine;
using Korus.Cli.Terminal;
using Korus.Server;
using Korus.Severity;
using Korus.Severity.Incidents;
using Korus.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus escalations [--overdue] [--inbound|--outbound] [--partner NAME]</c> lists notices and where
/// they stand; <c>korus escalations ack ID</c> acknowledges one (a received notice: the acknowledgement
/// is sent back to the partner; a sent one with <c>--outbound</c>: recorded as acknowledged out of band).
/// </summary>
internal static class EscalationsCommand
{
    public static Command Create(CliConsole console)
    {
        var overdue = new Option<bool>("--overdue") { Description = "Only notices past their deadline and not acknowledged." };
        var inbound = new Option<bool>("--inbound") { Description = "Only notices partners sent to this node." };
        var outbound = new Option<bool>("--outbound") { Description = "Only notices this node sent." };
        var partner = new Option<string?>("--partner") { Description = "Only notices to or from this partner." };
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("escalations", "List escalation notices, their deadlines, delivery and acknowledgement.") { overdue, inbound, outbound, partner, db, format };
        command.Add(Ack(console));
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(inbound) && parse.GetValue(outbound))
            {
                await console.Error.WriteLineAsync("korus escalations: give --inbound or --outbound, not both.");
                return ExitCodes.Usage;
            }

            await using var store = await CommonOptions.OpenExistingAsync(console, "escalations", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var now = StoreClock.NowMicros(TimeProvider.System);
            var notices = await store.ListEscalationsAsync(
                new EscalationQuery
                {
                    OverdueAt = parse.GetValue(overdue) ? now : null,
                    Direction = parse.GetValue(inbound) ? EscalationDirection.Inbound : parse.GetValue(outbound) ? EscalationDirection.Outbound : null,
                    Partner = parse.GetValue(partner),
                },
                cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartArray();
                    foreach (var notice in notices)
                    {
                        IncidentJson.WriteNotice(json, notice, now);
                    }

                    json.WriteEndArray();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            if (notices.Count == 0)
            {
                await console.Out.WriteLineAsync(parse.GetValue(overdue) ? "No notice is overdue." : "No notices.");
                return ExitCodes.Ok;
            }

            Table(notices, now).WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static TextTable Table(IReadOnlyList<EscalationRecord> notices, long now)
    {
        var table = new TextTable("notice", "dir", "partner", "incident", "level", "mode", "due", "state");
        foreach (var n in notices)
        {
            var state = n.AcknowledgedAt is { } acked ? $"acknowledged {StoreClock.Format(acked)[..19]}Z by {n.AcknowledgedBy}"
                : n.IsOverdue(now) ? "OVERDUE"
                : n.Direction == EscalationDirection.Outbound ? (n.DeliveredAt is not null ? "delivered, awaiting acknowledgement" : $"queued{(n.LastError is null ? "" : $" ({n.LastError})")}")
                : "received, to acknowledge";
            table.Add(n.Id, n.Direction == EscalationDirection.Outbound ? "out" : "in", n.Partner, n.IncidentId[..Math.Min(n.IncidentId.Length, "incident--".Length + 8)] + "…", n.Level.ToString(System.Globalization.CultureInfo.InvariantCulture), n.Mode, n.DueAt is { } due ? StoreClock.Format(due)[..19] + "Z" : "", state);
        }

        return table;
    }

    private static Command Ack(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "The notice (its report id)." };
        var outbound = new Option<bool>("--outbound") { Description = "The notice is one this node sent, acknowledged out of band (a call)." };
        var by = new Option<string?>("--by") { Description = "Who acknowledges (default: the current user)." };
        var db = CommonOptions.Database();
        var identity = IncidentCommand.Identity();
        var command = new Command("ack", "Acknowledge a notice; for a received one the acknowledgement goes back to the partner.") { id, outbound, by, db, identity };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "escalations ack", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            if (await IncidentCommand.IdentityAsync(console, "escalations ack", store, parse.GetValue(identity), cancellationToken) is not { } name)
            {
                return ExitCodes.Usage;
            }

            var desk = new IncidentDesk(store, TimeProvider.System, name, CscfPolicy.Default, EscalationPolicy.Default);
            var direction = parse.GetValue(outbound) ? EscalationDirection.Outbound : EscalationDirection.Inbound;
            var (notice, problems) = await desk.AcknowledgeAsync(parse.GetValue(id)!, direction, parse.GetValue(by) ?? Environment.UserName, cancellationToken);
            if (notice is null)
            {
                await IncidentCommand.ReportProblemsAsync(console, parse.GetValue(id)!, problems, "korus escalations ack: nothing changed.");
                return ExitCodes.Invalid;
            }

            if (direction == EscalationDirection.Outbound)
            {
                await console.Out.WriteLineAsync($"Notice {notice.Id} to {notice.Partner} recorded as acknowledged by {notice.AcknowledgedBy}.");
                return ExitCodes.Ok;
            }

            await using var courier = new EscalationCourier(store, TimeProvider.System, NullLogger.Instance, TimeSpan.FromMinutes(1));
            await courier.DeliverDueAsync(cancellationToken);
            var after = await store.FindEscalationAsync(notice.Id, direction, cancellationToken) ?? notice;
            await console.Out.WriteLineAsync(after.DeliveredAt is not null
                ? $"Notice {notice.Id} acknowledged; the acknowledgement reached {notice.Partner}."
                : $"Notice {notice.Id} acknowledged; the acknowledgement is queued for {notice.Partner} ({after.LastError ?? "not yet sent"}); a running node retries.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
