using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Node;

/// <summary>The peering decision table: registered peers (etcd) + current peers (/ledger) + self + K → connects, disconnects.</summary>
public class PeeringPlanTests
{
    static Dictionary<int, string> Registered(params int[] slots) => slots.ToDictionary(s => s, Address);
    static string Address(int slot) => $"10.0.0.{slot}:{3000 + slot - 1}";
    static HashSet<string> Set(params int[] slots) => slots.Select(Address).ToHashSet();
    static readonly HashSet<string> None = [];
    static HashSet<string> Addresses(params string[] addresses) => addresses.ToHashSet();

    [Fact]
    public void Decide_ThreeNodesAndKTwo_ConnectsToBothOthers()
    {
        var plan = PeeringPlan.Decide(1, Registered(1, 2, 3), None, Set(1, 2, 3), k: 2);

        Assert.Equal([Address(2), Address(3)], plan.Connect);
        Assert.Empty(plan.Disconnect);
    }

    [Fact]
    public void Decide_AllWantedPeersConnected_DoesNothing()
    {
        var plan = PeeringPlan.Decide(2, Registered(1, 2, 3), Set(1, 3), Set(1, 2, 3), k: 2);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Decide_MoreThanKPlusOneNodes_ConnectsToTheKSuccessorsRoundTheRing()
    {
        var plan = PeeringPlan.Decide(5, Registered(1, 2, 3, 4, 5, 6), None, Set(1, 2, 3, 4, 5, 6), k: 2);

        Assert.Equal([Address(6), Address(1)], plan.Connect);
    }

    [Fact]
    public void Decide_SuccessorsMissing_ConnectsThemEvenWithKOtherPeersDialledIn()
    {
        // Nodes 3 and 4 dialled in; counting them would let two cliques {1,2,3} {4,5,6} form.
        var plan = PeeringPlan.Decide(1, Registered(1, 2, 3, 4, 5, 6), Set(3, 4), Set(1, 2, 3, 4, 5, 6), k: 2);

        Assert.Equal([Address(2)], plan.Connect);
        Assert.Empty(plan.Disconnect);
    }

    [Fact]
    public void Decide_RegisteredPeerBeyondK_IsNotDisconnected()
    {
        // A peer that dials back (or dialled in) while registered is not fought.
        var plan = PeeringPlan.Decide(1, Registered(1, 2, 3, 4, 5), Set(2, 3, 4, 5), Set(1, 2, 3, 4, 5), k: 2);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Decide_PeerWhoseRegistrationIsGone_IsDisconnected()
    {
        var plan = PeeringPlan.Decide(1, Registered(1, 2), Set(2, 3), Set(1, 2, 3), k: 2);

        Assert.Empty(plan.Connect);
        Assert.Equal([Address(3)], plan.Disconnect);
    }

    [Fact]
    public void Decide_PeerNeverInTheStack_IsLeftAlone()
    {
        var plan = PeeringPlan.Decide(1, Registered(1, 2), Addresses(Address(2), "192.0.2.7:3000"), Set(1, 2), k: 2);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Decide_NodeReRegisteredAtANewAddress_SwapsTheOldAddressForTheNew()
    {
        var registered = Registered(1, 2);
        registered[2] = "10.0.0.99:3001";

        var plan = PeeringPlan.Decide(1, registered, Set(2), Addresses(Address(1), Address(2), "10.0.0.99:3001"), k: 2);

        Assert.Equal(["10.0.0.99:3001"], plan.Connect);
        Assert.Equal([Address(2)], plan.Disconnect);
    }

    [Fact]
    public void Decide_AloneOrNotYetRegistered_ConnectsToTheOthersOnly()
    {
        Assert.True(PeeringPlan.Decide(1, Registered(1), None, Set(1), k: 2).IsEmpty);
        Assert.Equal([Address(2)], PeeringPlan.Decide(1, Registered(2), None, Set(2), k: 2).Connect);
    }

    [Fact]
    public void Decide_OwnAddressUnderAnotherSlot_IsNeverDialled()
    {
        var registered = Registered(1, 2);
        registered[3] = Address(1); // a stale registration of this node's old slot

        var plan = PeeringPlan.Decide(1, registered, None, Set(1, 2), k: 2);

        Assert.Equal([Address(2)], plan.Connect);
    }
}
