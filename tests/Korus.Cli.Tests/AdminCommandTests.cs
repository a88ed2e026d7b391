using Xunit;
using System.Text.Json;
using Korus.Storage;
using Korus.Storage.Sqlite;

namespace Korus.Cli.Tests;

/// <summary><c>korus init</c>, <c>user</c> and <c>collection</c> on a database, without a server.</summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("korus-admin-").FullName;

    private string Db => Path.Combine(_directory, "node.db");

    private async Task<string> InitAsync()
    {
        var (code, output, error) = await CliRunner.RunAsync("init", "--db", Db, "--format", "json");
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("password").GetString()!;
    }

    [Fact]
    public async Task Init_creates_an_admin_whose_password_is_printed_once_and_stored_hashed()
    {
        var (code, output, _) = await CliRunner.RunAsync("init", "--db", Db);
        Assert.Equal(0, code);
        var password = output.Split('\n').Single(l => l.StartsWith("admin password: ", StringComparison.Ordinal))["admin password: ".Length..].Trim();
        Assert.True(password.Length >= 20);

        await using var store = new SqliteStore(Db);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        var admin = await store.FindUserAsync("admin", TestContext.Current.CancellationToken);
        Assert.NotNull(admin);
        Assert.True(admin.IsAdmin);
        Assert.True(SecretHasher.Verify(password, admin.PasswordHash));
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(Db, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(["alliance", "national"], (await store.ListCollectionsAsync(TestContext.Current.CancellationToken)).Select(c => c.Id));

        // A second init changes nothing and says so.
        var again = await CliRunner.RunAsync("init", "--db", Db);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already set up", again.Error, StringComparison.Ordinal);
        Assert.True(SecretHasher.Verify(password, (await store.FindUserAsync("admin", TestContext.Current.CancellationToken))!.PasswordHash));
    }

    [Fact]
    public async Task User_add_list_and_remove()
    {
        await InitAsync();
        var add = await CliRunner.RunAsync("user", "add", "kisa-sync", "--password", "long-enough-pw", "--read", "national,alliance", "--write", "alliance", "--db", Db);
        Assert.True(add.ExitCode == 0, add.Error);

        var list = await CliRunner.RunAsync("user", "list", "--db", Db, "--format", "json");
        var user = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "kisa-sync");
        Assert.Equal(["alliance", "national"], user.GetProperty("read").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["alliance"], user.GetProperty("write").EnumerateArray().Select(e => e.GetString()));
        Assert.False(user.GetProperty("admin").GetBoolean());

        var table = await CliRunner.RunAsync("user", "list", "--db", Db);
        Assert.Contains("kisa-sync", table.Out, StringComparison.Ordinal);
        Assert.StartsWith("NAME", table.Out, StringComparison.Ordinal);

        var duplicate = await CliRunner.RunAsync("user", "add", "kisa-sync", "--password", "another-password", "--read", "*", "--db", Db);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("--replace", duplicate.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("user", "remove", "kisa-sync", "--db", Db)).ExitCode);
        var gone = await CliRunner.RunAsync("user", "remove", "kisa-sync", "--db", Db);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("no user 'kisa-sync'", gone.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad name", "--read", "national", "NAME:")]
    [InlineData("ok", "--read", "no-such-collection", "no collection 'no-such-collection'")]
    [InlineData("ok", "--read", "bad/id", "--read:")]
    public async Task User_add_refuses_bad_input_naming_it(string name, string option, string value, string expected)
    {
        await InitAsync();
        var (code, _, error) = await CliRunner.RunAsync("user", "add", name, "--password", "long-enough-pw", option, value, "--db", Db);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_password_is_refused()
    {
        await InitAsync();
        var (code, _, error) = await CliRunner.RunAsync("user", "add", "x", "--password", "short", "--db", Db);
        Assert.Equal(2, code);
        Assert.Contains("at least 8", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_on_a_missing_database_say_how_to_create_one()
    {
        var (code, _, error) = await CliRunner.RunAsync("collection", "list", "--db", Db);
        Assert.Equal(2, code);
        Assert.Contains("korus init", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Collection_create_list_and_remove()
    {
        await InitAsync();
        var create = await CliRunner.RunAsync("collection", "create", "from-kr", "--title", "From KR", "--description", "What KISA shared", "--alias", "kr", "--db", Db);
        Assert.True(create.ExitCode == 0, create.Error);
        var list = JsonDocument.Parse((await CliRunner.RunAsync("collection", "list", "--db", Db, "--format", "json")).Out).RootElement;
        var created = list.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "from-kr");
        Assert.Equal(("From KR", "kr", 0), (created.GetProperty("title").GetString(), created.GetProperty("alias").GetString(), created.GetProperty("object_versions").GetInt32()));

        var clash = await CliRunner.RunAsync("collection", "create", "kr", "--title", "Clash", "--db", Db);
        Assert.Equal(1, clash.ExitCode);
        var bad = await CliRunner.RunAsync("collection", "create", "a b", "--title", "T", "--db", Db);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("' ' at position 2", bad.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("collection", "remove", "from-kr", "--db", Db)).ExitCode);
        Assert.Equal(1, (await CliRunner.RunAsync("collection", "remove", "from-kr", "--db", Db)).ExitCode);
        Assert.DoesNotContain("from-kr", (await CliRunner.RunAsync("collection", "list", "--db", Db)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_key_prints_a_key_once_and_stores_only_its_hash()
    {
        await InitAsync();
        var (code, output, _) = await CliRunner.RunAsync("user", "key", "admin", "--label", "sync", "--db", Db);
        Assert.Equal(0, code);
        var key = output.Trim();
        Assert.StartsWith("korus_", key, StringComparison.Ordinal);
        Assert.True(Server.ApiKeys.TrySplit(key, out var keyId, out var secret));
        await using var store = new SqliteStore(Db);
        var record = await store.FindApiKeyAsync(keyId, TestContext.Current.CancellationToken);
        Assert.NotNull(record);
        Assert.True(SecretHasher.Verify(secret, record.SecretHash));
        Assert.DoesNotContain(secret, record.SecretHash, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
