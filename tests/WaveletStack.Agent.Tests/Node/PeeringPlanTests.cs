using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Node;

/// <summary>
/// The peering decision table: registered peers (etcd) + current peers (/ledger) + what this
/// /wavelet dialled + self + K → connects, disconnects.
/// </summary>
public class PeeringPlanTests
{
    static Dictionary<int, string> Registered(params int[] slots) => slots.ToDictionary(s => s, Address);
    static Dictionary<int, string> Registered(IEnumerable<int> slots) => Registered(slots.ToArray());
    static string Address(int slot) => $"10.0.0.{slot}:3000";
    static HashSet<string> Set(params int[] slots) => slots.Select(Address).ToHashSet();
    static readonly HashSet<string> None = [];
    static HashSet<string> Addresses(params string[] addresses) => addresses.ToHashSet();

    [Fact]
    public void Decide_ThreeNodes_ConnectsToBothOthers()
    {
        var plan = PeeringPlan.Decide(1, Registered(1, 2, 3), None, None, Set(1, 2, 3), k: 2);

        Assert.Equal([Address(2), Address(3)], plan.Connect);
        Assert.Empty(plan.Disconnect);
    }

    [Fact]
    public void Decide_AllPeersDialledAndListed_DoesNothing()
    {
        var plan = PeeringPlan.Decide(2, Registered(1, 2, 3), Set(1, 3), Set(1, 3), Set(1, 2, 3), k: 2);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Decide_PeerListedButNeverDialled_IsDialledAnyway()
    {
        // Node 3 dialled in: without an outgoing connection this node could never drop it later.
        var plan = PeeringPlan.Decide(1, Registered(1, 2, 3), Set(2, 3), Set(2), Set(1, 2, 3), k: 2);

        Assert.Equal([Address(3)], plan.Connect);
    }

    [Fact]
    public void Decide_DialledPeerNoLongerListed_IsDialledAgain()
    {
        var plan = PeeringPlan.Decide(1, Registered(1, 2, 3), Set(2), Set(2, 3), Set(1, 2, 3), k: 2);

        Assert.Equal([Address(3)], plan.Connect);
    }

    [Fact]
    public void Neighbours_UpToSixteenOthers_AreEveryone()
    {
        Assert.Equal(16, PeeringPlan.Neighbours(1, Registered(Enumerable.Range(1, 17)), k: 2).Count);
    }

    [Fact]
    public void Neighbours_LargeStack_AreTheEightNearestOnEachSideOfTheRing()
    {
        var neighbours = PeeringPlan.Neighbours(5, Registered(Enumerable.Range(1, 40)), k: 2);

        Assert.Equal(Enumerable.Range(6, 8).Concat(new[] { 37, 38, 39, 40, 1, 2, 3, 4 }).Select(Address), neighbours);
    }

    [Fact]
    public void Neighbours_AreSymmetric_SoEveryLinkIsDialledFromBothEnds()
    {
        var registered = Registered(Enumerable.Range(1, 50));
        foreach (var a in registered.Keys)
            foreach (var b in PeeringPlan.Neighbours(a, registered, k: 2))
                Assert.Contains(Address(a), PeeringPlan.Neighbours(int.Parse(b.Split('.')[3].Split(':')[0]), registered, k: 2));
    }

    [Fact]
    public void Neighbours_WithALargeK_TakeHalfOfKOnEachSide()
    {
        Assert.Equal(2 * 13, PeeringPlan.Neighbours(1, Registered(Enumerable.Range(1, 60)), k: 25).Count);
    }

    [Fact]
    public void Decide_RegisteredPeerBeyondTheNeighbours_IsNotDisconnected()
    {
        // A registered peer that dialled in is not fought.
        var registered = Registered(Enumerable.Range(1, 40));
        var plan = PeeringPlan.Decide(1, registered, Set(20), None, registered.Values.ToHashSet(), k: 2);

        Assert.Empty(plan.Disconnect);
    }

    [Fact]
    public void Decide_PeerWhoseRegistrationIsGone_IsDisconnected_WhetherListedOrOnlyDialled()
    {
        var listed = PeeringPlan.Decide(1, Registered(1, 2), Set(2, 3), Set(2, 3), Set(1, 2, 3), k: 2);
        var dialledOnly = PeeringPlan.Decide(1, Registered(1, 2), Set(2), Set(2, 3), Set(1, 2, 3), k: 2);

        Assert.Empty(listed.Connect);
        Assert.Equal([Address(3)], listed.Disconnect);
        Assert.Equal([Address(3)], dialledOnly.Disconnect);
    }

    [Fact]
    public void Decide_PeerNeverInTheStack_IsLeftAlone()
    {
        var plan = PeeringPlan.Decide(1, Registered(1, 2), Addresses(Address(2), "192.0.2.7:3000"), Set(2), Set(1, 2), k: 2);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Decide_NodeReRegisteredAtANewAddress_SwapsTheOldAddressForTheNew()
    {
        var registered = Registered(1, 2);
        registered[2] = "10.0.0.99:3000";

        var plan = PeeringPlan.Decide(1, registered, Set(2), Set(2), Addresses(Address(1), Address(2), "10.0.0.99:3000"), k: 2);

        Assert.Equal(["10.0.0.99:3000"], plan.Connect);
        Assert.Equal([Address(2)], plan.Disconnect);
    }

    [Fact]
    public void Decide_AloneOrNotYetRegistered_ConnectsToTheOthersOnly()
    {
        Assert.True(PeeringPlan.Decide(1, Registered(1), None, None, Set(1), k: 2).IsEmpty);
        Assert.Equal([Address(2)], PeeringPlan.Decide(1, Registered(2), None, None, Set(2), k: 2).Connect);
    }

    [Fact]
    public void Decide_OwnAddressUnderAnotherSlot_IsNeverDialled()
    {
        var registered = Registered(1, 2);
        registered[3] = Address(1); // a stale registration of this node's old slot

        var plan = PeeringPlan.Decide(1, registered, None, None, Set(1, 2), k: 2);

        Assert.Equal([Address(2)], plan.Connect);
    }

    [Fact]
    public void Decide_APeerThatIsLeaving_IsNeitherConnectedNorDropped_ItsDepartureDoesBoth()
    {
        // Still registered and not dialled (would be connected); or gone and listed (would be dropped).
        var registeredButLeaving = PeeringPlan.Decide(1, Registered(1, 2, 3), Set(2), Set(2), Set(1, 2, 3), k: 2, leaving: Set(3));
        var goneButLeaving = PeeringPlan.Decide(1, Registered(1, 2), Set(2, 3), Set(2, 3), Set(1, 2, 3), k: 2, leaving: Set(3));

        Assert.True(registeredButLeaving.IsEmpty);
        Assert.True(goneButLeaving.IsEmpty);
        Assert.Equal([Address(3)], PeeringPlan.Decide(1, Registered(1, 2), Set(2, 3), Set(2, 3), Set(1, 2, 3), k: 2).Disconnect);
    }
}
