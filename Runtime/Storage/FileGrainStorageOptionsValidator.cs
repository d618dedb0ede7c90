using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Storage;

internal sealed class FileGrainStorageOptionsValidator : IValidateOptions<FileGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, FileGrainStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            failures.Add($"File grain storage '{name}': RootDirectory is required.");
        }

        if (options.MaxStateBytes <= 0)
        {
            failures.Add($"File grain storage '{name}': MaxStateBytes must be positive (was {options.MaxStateBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
