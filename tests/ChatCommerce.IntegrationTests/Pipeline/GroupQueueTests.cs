using ChatCommerce.Infrastructure.Data;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>The one-group-in-flight queue that commit groups and read groups use.</summary>
public sealed class GroupQueueTests
{
    private sealed class Item(int weight) : GroupedWork<int>
    {
        public int Weight => weight;
    }

    [Fact]
    public async Task AGroupTakesItemsInOrderUpToItsLimitEachCountingAsItsWeightAndAHeavyOneGoesAlone()
    {
        // As a commit group takes a drain's chain: as many turns as the chain holds.
        var groups = new List<int[]>();
        var firstTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new GroupQueue<Item, int>(
            async group =>
            {
                lock (groups)
                {
                    groups.Add(group.Select(i => i.Weight).ToArray());
                }

                if (groups.Count == 1)
                {
                    firstTaken.SetResult();
                    await release.Task;
                }

                foreach (var item in group)
                {
                    item.Complete(item.Weight);
                }
            },
            () => 25,
            item => item.Weight);
        var items = new[] { 1, 10, 10, 10, 5, 30, 2 }.Select(w => new Item(w)).ToList();

        queue.Add(items[0]);
        await firstTaken.Task;
        foreach (var item in items.Skip(1))
        {
            queue.Add(item);
        }

        release.SetResult();
        await Task.WhenAll(items.Select(i => i.Outcome));

        Assert.Equal([[1], [10, 10], [10, 5], [30], [2]], groups);
    }

    [Fact]
    public async Task WithoutWeightsAGroupTakesAtMostItsLimitOfItems()
    {
        var groups = new List<int>();
        var firstTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new GroupQueue<Item, int>(
            async group =>
            {
                groups.Add(group.Count);
                if (groups.Count == 1)
                {
                    firstTaken.SetResult();
                    await release.Task;
                }

                group.ForEach(i => i.Complete(0));
            },
            () => 3);
        var items = Enumerable.Range(0, 8).Select(_ => new Item(100)).ToList();

        queue.Add(items[0]);
        await firstTaken.Task;
        items.Skip(1).ToList().ForEach(queue.Add);
        release.SetResult();
        await Task.WhenAll(items.Select(i => i.Outcome));

        Assert.Equal([1, 3, 3, 1], groups);
    }

    [Fact]
    public async Task AGroupWaitsForItsTurnBeforeItIsTakenAndWhatQueuesMeanwhileGoesWithIt()
    {
        // As the turns' groups wait while the intake writes: nothing is taken before the wait
        // ends, and the items that arrived during it share the group.
        var groups = new List<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waits = 0;
        var queue = new GroupQueue<Item, int>(
            group =>
            {
                groups.Add(group.Count);
                group.ForEach(i => i.Complete(0));
                return Task.CompletedTask;
            },
            () => 10,
            before: () =>
            {
                Interlocked.Increment(ref waits);
                return gate.Task;
            });
        var items = Enumerable.Range(0, 4).Select(_ => new Item(1)).ToList();

        items.ForEach(queue.Add);
        await Task.Delay(100);
        Assert.Empty(groups);
        Assert.All(items, i => Assert.False(i.Outcome.IsCompleted));

        gate.SetResult();
        await Task.WhenAll(items.Select(i => i.Outcome)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([4], groups);
        Assert.True(waits >= 1);
    }
}
