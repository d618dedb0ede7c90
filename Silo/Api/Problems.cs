using Microsoft.AspNetCore.Mvc;

namespace OrleansSync.Silo.Api;

/// <summary>RFC 7807 problem details (<c>application/problem+json</c>) with the API's stable <c>code</c>.</summary>
internal static class Problems
{
    public static IResult Create(int status, string code, string title, string detail) =>
        Results.Problem(new ProblemDetails
        {
            Type = ProblemCodes.TypePrefix + code,
            Title = title,
            Status = status,
            Detail = detail,
            Extensions = { ["code"] = code },
        });

    public static IResult BadRequest(string code, string detail) =>
        Create(StatusCodes.Status400BadRequest, code, "The request is not valid.", detail);

    /// <summary>Fills in <c>type</c> and <c>code</c> for problems the framework writes (routing, unhandled exceptions).</summary>
    public static void Complete(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = ProblemCodes.OfStatus(problem.Status ?? StatusCodes.Status500InternalServerError);
        problem.Extensions["code"] = code;
        problem.Type = ProblemCodes.TypePrefix + code;
    }
}
