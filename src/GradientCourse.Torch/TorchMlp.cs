using TorchSharp;
using TorchSharp.Modules;
using TorchBatchNorm1d = TorchSharp.Modules.BatchNorm1d;
using static TorchSharp.torch;

namespace GradientCourse.Torch;

/// <summary>
/// The same MLP as a library <see cref="Mlp"/>, rebuilt in TorchSharp with identical weights in float64:
/// layer by layer: one Linear per Dense (torch stores weights as fanOut × fanIn, so they are transposed), one BatchNorm1d
/// per batch-norm layer (same γ, β, running statistics, ε and momentum), the matching activation modules, and one
/// PReLU per learnable PReLU layer.
/// Gradients come from torch's autograd and are returned as library matrices keyed by the library's parameter
/// names ("dense1.W", "dense1.b", "batchnorm1.gamma", …), so the two can be compared number by number.
/// Introduced in notebooks/08-torchsharp.ipynb.
/// </summary>
public sealed class TorchMlp : IDisposable
{
    private readonly Sequential module;
    private readonly List<TorchParameter> parameters = [];
    private readonly List<(int Index, string Name, Linear Linear)> linears = [];
    private readonly List<(string Name, TorchBatchNorm1d BatchNorm)> batchNorms = [];
    private bool disposed;

    /// <summary>Builds the TorchSharp copy of <paramref name="mlp"/> (its current weights and batch-norm statistics), layer by layer.</summary>
    /// <exception cref="NotSupportedException">A layer or activation has no TorchSharp counterpart here.</exception>
    public TorchMlp(Mlp mlp)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < mlp.Layers.Count; i++)
        {
            modules.Add((mlp.Layers[i].Name, Convert(mlp.Layers[i], mlp.BlockOf(i))));
        }

        module = nn.Sequential(modules);
    }

    /// <summary>The TorchSharp module (a Sequential of Linear, BatchNorm1d and activation modules, named like the library's layers).</summary>
    public nn.Module<Tensor, Tensor> Module
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return module;
        }
    }

    /// <summary>The loss of the last <see cref="Gradients"/> call (NaN before the first).</summary>
    public double LastLoss { get; private set; } = double.NaN;

    /// <summary>Runs a batch forward (no graph is recorded). Train mode uses batch statistics and updates the running ones.</summary>
    public Matrix Forward(Matrix x, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ObjectDisposedException.ThrowIf(disposed, this);
        using var scope = torch.NewDisposeScope();
        module.train(training);
        using (torch.no_grad())
        {
            return TorchConvert.ToMatrix(module.forward(TorchConvert.ToTensor(x)));
        }
    }

    /// <summary>
    /// One forward and backward pass with torch's autograd: loss(<paramref name="x"/>, <paramref name="y"/>), then
    /// backward. Returns every parameter's gradient as a library matrix in the library's shape (dense weights
    /// fanIn × fanOut, biases, γ and β 1 × n), keyed by the library's parameter names, input to output.
    /// In train mode batch norm uses batch statistics and updates its running statistics, as the library does.
    /// </summary>
    /// <param name="x">Inputs, n × inputSize.</param>
    /// <param name="y">Targets, n × outputSize.</param>
    /// <param name="loss">"mse": the mean over all elements of (yHat − y)², as <see cref="Losses.MeanSquaredError"/>.</param>
    /// <param name="training">Train (default) or eval mode.</param>
    public IReadOnlyDictionary<string, Matrix> Gradients(Matrix x, Matrix y, string loss = "mse", bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(loss);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (loss != "mse")
        {
            throw new NotSupportedException($"Loss '{loss}' is not supported by TorchMlp.Gradients; use \"mse\".");
        }

        using var scope = torch.NewDisposeScope();
        module.train(training);
        module.zero_grad();
        var yHat = module.forward(TorchConvert.ToTensor(x));
        var value = nn.functional.mse_loss(yHat, TorchConvert.ToTensor(y), nn.Reduction.Mean);
        value.backward();
        LastLoss = value.item<double>();
        return CurrentGradients();
    }

    /// <summary>The gradients left by the last backward pass (by <see cref="Gradients"/> or by your own code on <see cref="Module"/>), keyed like <see cref="Gradients"/>.</summary>
    public IReadOnlyDictionary<string, Matrix> CurrentGradients()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var scope = torch.NewDisposeScope();
        var result = new Dictionary<string, Matrix>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            var grad = GradientOf(p.Tensor);
            result[p.Name] = p.Transposed ? grad.Transpose() : grad;
        }

        return result;
    }

    /// <summary>Per block, input to output: the norms of the Dense weights' and bias's gradients from the last backward pass.</summary>
    public IReadOnlyList<LayerGradientNorm> LayerGradientNorms()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var scope = torch.NewDisposeScope();
        return linears.Select(l => new LayerGradientNorm(
            l.Index,
            l.Name,
            GradientOf(l.Linear.weight!).FrobeniusNorm(),
            GradientOf(l.Linear.bias!).FrobeniusNorm())).ToList();
    }

    /// <summary>The current weights, keyed and shaped like the library's parameters (dense weights fanIn × fanOut).</summary>
    public IReadOnlyDictionary<string, Matrix> Weights()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var result = new Dictionary<string, Matrix>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            var value = TorchConvert.ToMatrix(p.Tensor);
            result[p.Name] = p.Transposed ? value.Transpose() : value;
        }

        return result;
    }

    /// <summary>The running statistics of every batch-norm layer, keyed by the library's layer name ("batchnorm1", …).</summary>
    public IReadOnlyDictionary<string, RunningStatistics> BatchNormStatistics()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var result = new Dictionary<string, RunningStatistics>(StringComparer.Ordinal);
        foreach (var (name, bn) in batchNorms)
        {
            result[name] = new RunningStatistics(TorchConvert.ToArray(bn.running_mean!), TorchConvert.ToArray(bn.running_var!));
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            module.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"TorchMlp: {string.Join(" → ", module.named_children().Select(c => c.name))}";

    /// <summary>The TorchSharp module for one library layer, with its parameters copied and registered under the library's names.</summary>
    private nn.Module<Tensor, Tensor> Convert(ILayer layer, int block)
    {
        switch (layer)
        {
            case Dense dense:
                var linear = nn.Linear(dense.FanIn, dense.FanOut, hasBias: true, dtype: ScalarType.Float64);
                CopyInto(linear.weight!, dense.Weights.Value.Transpose());
                CopyInto(linear.bias!, dense.Bias.Value);
                parameters.Add(new(dense.Weights.Name, linear.weight!, Transposed: true));
                parameters.Add(new(dense.Bias.Name, linear.bias!, Transposed: false));
                linears.Add((block, dense.Name, linear));
                return linear;
            case BatchNorm1d src:
                var bn = nn.BatchNorm1d(src.Features, eps: src.Epsilon, momentum: src.Momentum, dtype: ScalarType.Float64);
                CopyInto(bn.weight!, src.Gamma.Value);
                CopyInto(bn.bias!, src.Beta.Value);
                CopyInto(bn.running_mean!, new Matrix(1, src.Features, (double[])src.RunningMean.Clone()));
                CopyInto(bn.running_var!, new Matrix(1, src.Features, (double[])src.RunningVariance.Clone()));
                parameters.Add(new(src.Gamma.Name, bn.weight!, Transposed: false));
                parameters.Add(new(src.Beta.Name, bn.bias!, Transposed: false));
                batchNorms.Add((src.Name, bn));
                return bn;
            case ActivationLayer activation:
                return TorchActivations.Create(activation.Activation);
            case PReLULayer prelu:
                var torchPrelu = nn.PReLU(1, prelu.Alpha.Value.Data[0], dtype: ScalarType.Float64);
                parameters.Add(new(prelu.Alpha.Name, torchPrelu.weight!, Transposed: false));
                return torchPrelu;
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' ({layer.GetType().Name}) has no TorchSharp counterpart in TorchMlp yet; add a case to TorchMlp.Convert.");
        }
    }

    private static void CopyInto(Tensor target, Matrix value)
    {
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            target.copy_(TorchConvert.ToTensor(value).reshape(target.shape));
        }
    }

    private static Matrix GradientOf(Tensor parameter)
    {
        var grad = parameter.grad;
        if (grad is null)
        {
            // No backward pass reached this parameter yet: its gradient is zero.
            return parameter.dim() == 2 ? new Matrix((int)parameter.shape[0], (int)parameter.shape[1]) : new Matrix(1, (int)parameter.shape[0]);
        }

        return TorchConvert.ToMatrix(grad);
    }

    /// <summary>A torch parameter under the library's name; dense weights are stored transposed (fanOut × fanIn) by torch.</summary>
    private sealed record TorchParameter(string Name, Tensor Tensor, bool Transposed);
}
