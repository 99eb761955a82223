namespace ChatCommerce.Conversations.Outbox;

/// <summary>
/// The idempotency seeds of the outbox messages this instance finished with (their outcome
/// stored: sent, expired, refused), the newest of them up to its capacity
/// (<see cref="DefaultCapacity"/> unless given). Such a row never
/// goes back to pending, so a Messenger receipt for it has no progress to move: the intake leaves
/// it out of its write instead of looking the row up. Most receipts come after their message was
/// marked sent. Another instance's messages are not here; their receipts are written as before.
/// </summary>
public sealed class FinishedMessages(int capacity = FinishedMessages.DefaultCapacity)
{
    public const int DefaultCapacity = 65_536;

    private readonly HashSet<string> _seeds = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    /// <summary>Remembers these messages as finished, forgetting the oldest beyond the capacity.</summary>
    public void Add(IEnumerable<string> seeds)
    {
        lock (_gate)
        {
            foreach (var seed in seeds)
            {
                if (!_seeds.Add(seed))
                {
                    continue;
                }

                _order.Enqueue(seed);
                if (_order.Count > capacity)
                {
                    _seeds.Remove(_order.Dequeue());
                }
            }
        }
    }

    public bool Contains(string seed)
    {
        lock (_gate)
        {
            return _seeds.Contains(seed);
        }
    }
}
