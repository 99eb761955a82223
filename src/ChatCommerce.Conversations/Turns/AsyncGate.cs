namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// A gate that is open or shut, which waiters pass while it is open (<see cref="WhenOpen"/>
/// completes at once) or as soon as it opens. Opening or shutting a gate already so does nothing.
/// Callers that decide from state of their own do so under their own lock.
/// </summary>
public sealed class AsyncGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open;

    public AsyncGate(bool open)
    {
        _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            _open.SetResult();
        }
    }

    public bool IsOpen => WhenOpen().IsCompleted;

    /// <summary>Completes while the gate is open, or when it next opens.</summary>
    public Task WhenOpen()
    {
        lock (_lock)
        {
            return _open.Task;
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public void Shut()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
