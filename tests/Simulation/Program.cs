namespace OrleansSync.Simulation;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("simulation not yet wired");
        return 2;
    }
}
