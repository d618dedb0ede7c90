// Each test class starts a cluster of its own (or shares one) and a browser: on a 2-core machine
// two at once would only make each slower and their timings harder to reason about.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
