using TorchSharp;
using static TorchSharp.torch;

namespace GradientCourse.Torch;

/// <summary>
/// Copies between the library's <see cref="Matrix"/> (row-major doubles) and TorchSharp tensors (float64).
/// Both layouts are row-major, so a Rows × Cols matrix is a tensor of shape [Rows, Cols] with the same element order.
/// </summary>
public static class TorchConvert
{
    /// <summary>A new float64 CPU tensor of shape [Rows, Cols] holding a copy of <paramref name="matrix"/>.</summary>
    public static Tensor ToTensor(Matrix matrix, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return torch.tensor((double[])matrix.Data.Clone(), [matrix.Rows, matrix.Cols], dtype: ScalarType.Float64, requires_grad: requiresGrad);
    }

    /// <summary>
    /// A new matrix holding a copy of <paramref name="tensor"/>'s values: a 2-D tensor [r, c] becomes r × c,
    /// a 1-D tensor [n] (a bias, γ or β) becomes 1 × n, a scalar becomes 1 × 1. Any dtype is converted to double.
    /// </summary>
    public static Matrix ToMatrix(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var (rows, cols) = tensor.dim() switch
        {
            0 => (1L, 1L),
            1 => (1L, tensor.shape[0]),
            2 => (tensor.shape[0], tensor.shape[1]),
            _ => throw new ArgumentException(
                $"tensor has {tensor.dim()} dimensions (shape [{string.Join(", ", tensor.shape)}]); only 0-, 1- and 2-D tensors map to a Matrix. Reshape it first.",
                nameof(tensor)),
        };

        using var scope = torch.NewDisposeScope();
        var values = tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return new Matrix(checked((int)rows), checked((int)cols), values);
    }

    /// <summary>A copy of a 1-D tensor's values (running statistics, for instance) as a double array.</summary>
    public static double[] ToArray(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }
}
