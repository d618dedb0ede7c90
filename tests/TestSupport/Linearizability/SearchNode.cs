namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// A call or return event in the doubly linked event list the search walks. Lifting an operation
/// unlinks its call and return; because lifts are undone in stack order, each node keeps its
/// neighbours and can be relinked in place ("dancing links").
/// </summary>
internal sealed class SearchNode
{
    public SearchNode(int operationIndex, bool isCall)
    {
        OperationIndex = operationIndex;
        IsCall = isCall;
    }

    /// <summary>Index of the operation in its partition; -1 for the list head.</summary>
    public int OperationIndex { get; }

    public bool IsCall { get; }

    /// <summary>For a call: its return, or null when the operation is pending.</summary>
    public SearchNode? Match { get; set; }

    public SearchNode? Previous { get; set; }

    public SearchNode? Next { get; set; }

    public void Unlink()
    {
        Previous!.Next = Next;
        if (Next is not null)
        {
            Next.Previous = Previous;
        }
    }

    public void Relink()
    {
        Previous!.Next = this;
        if (Next is not null)
        {
            Next.Previous = this;
        }
    }
}
