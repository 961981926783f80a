using System.Net;
using System.Text.Json;

namespace WaveletStack.Sim.Tests;

public class LedgerApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Ledger_FreshNode_AnswersEveryContractField()
    {
        using var response = await fixture.Open.Http.GetAsync("ledger");
        var ledger = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^[0-9a-f]{64}$", ledger.GetProperty("public_key").GetString());
        Assert.Equal(fixture.Open.P2pAddress, ledger.GetProperty("address").GetString());
        Assert.Equal(3, ledger.GetProperty("num_accounts").GetInt32());
        Assert.Equal(0, ledger.GetProperty("preferred_votes").GetInt32());
        var block = ledger.GetProperty("block");
        Assert.Matches("^[0-9a-f]{64}$", block.GetProperty("merkle_root").GetString());
        Assert.Equal(0UL, block.GetProperty("height").GetUInt64());
        Assert.Matches("^[0-9a-f]{64}$", block.GetProperty("id").GetString());
        Assert.Equal(0, block.GetProperty("transactions").GetInt32());
        Assert.Equal(JsonValueKind.Null, ledger.GetProperty("preferred").ValueKind);
        Assert.Equal(0, ledger.GetProperty("num_missing_tx").GetInt32());
        Assert.Equal(JsonValueKind.Number, ledger.GetProperty("num_tx").ValueKind);
        Assert.Equal(JsonValueKind.Number, ledger.GetProperty("num_tx_in_store").ValueKind);
        Assert.Equal(3, ledger.GetProperty("num_accounts_in_store").GetInt32());
        Assert.Equal(JsonValueKind.Null, ledger.GetProperty("peers").ValueKind);
        Assert.True(ledger.GetProperty("simulator").GetBoolean());
    }

    [Theory]
    [InlineData("node/connect", null)]
    [InlineData("node/connect", "wrong")]
    [InlineData("node/disconnect", "wrong")]
    [InlineData("node/restart", null)]
    public async Task ControlEndpoint_WithMissingOrWrongBearer_Answers401WithChallenge(string path, string? bearer)
    {
        using var response = await fixture.Secured.PostAsync(path, """{"address":"127.0.0.1:1"}""", bearer);

        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task ControlEndpoint_WithNoSecretConfigured_AlwaysAnswers401()
    {
        using var empty = await fixture.Open.PostAsync("node/connect", """{"address":"127.0.0.1:1"}""", "");
        using var any = await fixture.Open.PostAsync("node/connect", """{"address":"127.0.0.1:1"}""", "anything");

        await AssertUnauthorized(empty);
        await AssertUnauthorized(any);
    }

    [Fact]
    public async Task Connect_WithoutAddress_Answers400AddressIsMissing()
    {
        using var response = await fixture.Secured.PostAsync("node/connect", "{}", ApiFixture.Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"Bad Request","error":"address is missing"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Connect_WithBodyNotJson_Answers400ParseError()
    {
        using var response = await fixture.Secured.PostAsync("node/connect", "address=1.2.3.4:3000", ApiFixture.Secret);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad Request", body.GetProperty("status").GetString());
        Assert.StartsWith("error parsing request body: ", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Connect_ToUnreachablePeer_Answers500ErrorConnecting()
    {
        var nobody = $"127.0.0.1:{SimProcess.FreePort()}";

        using var response = await fixture.Secured.PostAsync("node/connect", $$"""{"address":"{{nobody}}"}""", ApiFixture.Secret);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Internal Server Error", body.GetProperty("status").GetString());
        Assert.StartsWith("error connecting to peer: ", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Disconnect_FromAddressThatIsNoOutgoingPeer_Answers500PeerNotFound()
    {
        using var response = await fixture.Secured.PostAsync("node/disconnect", """{"address":"127.0.0.1:1"}""", ApiFixture.Secret);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("error disconnecting from peer: could not disconnect peer: peer with address 127.0.0.1:1 not found", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task TxSend_ThenTxAndAccountQueries_FindTheTransaction()
    {
        var sender = new string('c', 64);
        var body = $$"""{"sender":"{{sender}}","tag":1,"payload":"00","signature":"{{new string('d', 128)}}"}""";

        using var sent = await fixture.Open.Http.PostAsync("tx/send", new StringContent(body));
        var id = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("tx_id").GetString();
        var tx = JsonDocument.Parse(await fixture.Open.Http.GetStringAsync($"tx/{id}")).RootElement;
        var list = JsonDocument.Parse(await fixture.Open.Http.GetStringAsync("tx")).RootElement;
        var account = JsonDocument.Parse(await fixture.Open.Http.GetStringAsync($"accounts/{sender}")).RootElement;
        using var missing = await fixture.Open.Http.GetAsync($"tx/{new string('e', 64)}");

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(sender, tx.GetProperty("sender").GetString());
        Assert.Contains(list.EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.Equal(sender, account.GetProperty("public_key").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task TxSend_WithBadSender_Answers400()
    {
        using var response = await fixture.Open.Http.PostAsync("tx/send", new StringContent("""{"sender":"xyz","tag":1,"payload":"","signature":""}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    static async Task AssertUnauthorized(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unauthorized", await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer realm=Restricted", response.Headers.WwwAuthenticate.ToString());
    }
}
