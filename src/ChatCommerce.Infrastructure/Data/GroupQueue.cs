namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// One group of work in flight at a time: what is queued while a group is written waits and goes
/// together in the next one (at most <paramref name="most"/> a group, counting each item as its
/// <paramref name="weight"/>, 1 unless given; an item heavier than that goes alone). An idle queue
/// starts its item at once. A group that throws fails each of its items with the exception; the
/// items say their own outcome otherwise. <paramref name="before"/>, when given, is awaited before
/// each group is taken (the turns' groups let the intake's writes go first, see
/// <c>IntakeActivity</c>); what queues meanwhile joins the group.
/// </summary>
internal sealed class GroupQueue<T, TResult>(Func<List<T>, Task> write, Func<int> most, Func<T, int>? weight = null, Func<Task>? before = null)
    where T : GroupedWork<TResult>
{
    private readonly Lock _lock = new();
    private readonly List<T> _queue = [];
    private bool _writing;

    public void Add(T item)
    {
        lock (_lock)
        {
            _queue.Add(item);
            if (_writing)
            {
                return;
            }

            _writing = true;
        }

        _ = Task.Run(WriteAsync);
    }

    /// <summary>Writes groups until nothing is queued.</summary>
    private async Task WriteAsync()
    {
        var limit = Math.Max(1, most());
        while (true)
        {
            if (before is not null)
            {
                lock (_lock)
                {
                    if (_queue.Count == 0)
                    {
                        _writing = false;
                        return;
                    }
                }

                // Items that queue during the wait go in this group; only this loop takes items,
                // so the queue is not empty after it. The wait is advice: had it failed, the
                // group still goes (no item is left waiting).
                try
                {
                    await before();
                }
                catch (Exception)
                {
                }
            }

            List<T> group;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var take = 1;
                var total = weight?.Invoke(_queue[0]) ?? 1;
                while (take < _queue.Count)
                {
                    var next = weight?.Invoke(_queue[take]) ?? 1;
                    if (total + next > limit)
                    {
                        break;
                    }

                    total += next;
                    take++;
                }

                group = _queue.GetRange(0, take);
                _queue.RemoveRange(0, take);
            }

            try
            {
                await write(group);
            }
            catch (Exception ex)
            {
                foreach (var item in group)
                {
                    item.Fail(ex);
                }
            }
        }
    }
}
