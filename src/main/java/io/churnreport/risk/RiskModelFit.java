package io.churnreport.risk;

import java.util.List;

/**
 * Fits a {@link RiskModel} by Newton's method on the weighted log-likelihood with an L2 penalty
 * on the coefficients (not the intercept): a handful of passes over rows that fit in memory,
 * deterministic, and finite even when a feature separates churners perfectly. Features that do not
 * vary among the rows get no coefficient.
 */
final class RiskModelFit {

	private static final int MAX_ITERATIONS = 50;

	private static final double CONVERGED = 1e-10;

	private static final int MAX_HALVINGS = 30;

	private RiskModelFit() {
	}

	static RiskModel fit(List<RiskFeature> features, TrainingRows rows, double penalty) {
		int width = features.size();
		double[] means = new double[width];
		double[] deviations = new double[width];
		standardise(rows, means, deviations);
		// beta[0] is the intercept, beta[j + 1] the coefficient of feature j
		double[] beta = new double[width + 1];
		double total = 0;
		for (int i = 0; i < rows.size(); i++) {
			total += rows.weight(i);
		}
		double rate = rows.churners() / total;
		beta[0] = Math.log(rate / (1 - rate));
		double[] z = new double[width + 1];
		for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
			double[] gradient = new double[width + 1];
			double[][] hessian = new double[width + 1][width + 1];
			for (int i = 0; i < rows.size(); i++) {
				standardised(rows, i, means, deviations, z);
				double logOdds = 0;
				for (int j = 0; j <= width; j++) {
					logOdds += beta[j] * z[j];
				}
				double p = 1 / (1 + Math.exp(-logOdds));
				double w = rows.weight(i);
				double residual = w * ((rows.churned(i) ? 1 : 0) - p);
				double curvature = w * p * (1 - p);
				for (int j = 0; j <= width; j++) {
					gradient[j] += residual * z[j];
					for (int k = 0; k <= j; k++) {
						hessian[j][k] += curvature * z[j] * z[k];
					}
				}
			}
			for (int j = 1; j <= width; j++) {
				gradient[j] -= penalty * beta[j];
				hessian[j][j] += penalty;
				if (deviations[j - 1] == 0) {
					// a constant feature: pinned at zero
					hessian[j][j] = 1;
					gradient[j] = 0;
				}
			}
			for (int j = 0; j <= width; j++) {
				for (int k = j + 1; k <= width; k++) {
					hessian[j][k] = hessian[k][j];
				}
			}
			double[] step = solve(hessian, gradient);
			// a full Newton step can overshoot far from the optimum: halve it until the fit improves
			double current = objective(rows, means, deviations, beta, penalty);
			double[] next = new double[width + 1];
			double scale = 1;
			for (int halving = 0; halving < MAX_HALVINGS; halving++, scale /= 2) {
				for (int j = 0; j <= width; j++) {
					next[j] = beta[j] + scale * step[j];
				}
				if (objective(rows, means, deviations, next, penalty) >= current) {
					break;
				}
			}
			double largest = 0;
			for (int j = 0; j <= width; j++) {
				largest = Math.max(largest, Math.abs(next[j] - beta[j]));
			}
			System.arraycopy(next, 0, beta, 0, width + 1);
			if (largest < CONVERGED) {
				break;
			}
		}
		double[] coefficients = new double[width];
		System.arraycopy(beta, 1, coefficients, 0, width);
		return new RiskModel(List.copyOf(features), means, deviations, beta[0], coefficients);
	}

	/** The penalised log-likelihood, the quantity the fit maximises. */
	private static double objective(TrainingRows rows, double[] means, double[] deviations, double[] beta,
			double penalty) {
		double[] z = new double[beta.length];
		double sum = 0;
		for (int i = 0; i < rows.size(); i++) {
			standardised(rows, i, means, deviations, z);
			double logOdds = 0;
			for (int j = 0; j < beta.length; j++) {
				logOdds += beta[j] * z[j];
			}
			// log p = -log(1 + e^-x) and log(1 - p) = -log(1 + e^x), computed without overflow
			sum -= rows.weight(i) * softplus(rows.churned(i) ? -logOdds : logOdds);
		}
		for (int j = 1; j < beta.length; j++) {
			sum -= penalty / 2 * beta[j] * beta[j];
		}
		return sum;
	}

	private static double softplus(double x) {
		return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
	}

	private static void standardise(TrainingRows rows, double[] means, double[] deviations) {
		int width = means.length;
		double total = 0;
		for (int i = 0; i < rows.size(); i++) {
			double w = rows.weight(i);
			total += w;
			for (int j = 0; j < width; j++) {
				means[j] += w * rows.value(i, j);
			}
		}
		for (int j = 0; j < width; j++) {
			means[j] /= total;
		}
		for (int i = 0; i < rows.size(); i++) {
			double w = rows.weight(i);
			for (int j = 0; j < width; j++) {
				double d = rows.value(i, j) - means[j];
				deviations[j] += w * d * d;
			}
		}
		for (int j = 0; j < width; j++) {
			double deviation = Math.sqrt(deviations[j] / total);
			deviations[j] = deviation < 1e-9 ? 0 : deviation;
		}
	}

	private static void standardised(TrainingRows rows, int row, double[] means, double[] deviations, double[] z) {
		z[0] = 1;
		for (int j = 0; j < means.length; j++) {
			z[j + 1] = deviations[j] == 0 ? 0 : (rows.value(row, j) - means[j]) / deviations[j];
		}
	}

	/** Solves the symmetric positive definite system by Gaussian elimination with partial pivoting. */
	static double[] solve(double[][] matrix, double[] vector) {
		int n = vector.length;
		double[][] a = new double[n][];
		double[] b = vector.clone();
		for (int i = 0; i < n; i++) {
			a[i] = matrix[i].clone();
		}
		for (int column = 0; column < n; column++) {
			int pivot = column;
			for (int row = column + 1; row < n; row++) {
				if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
					pivot = row;
				}
			}
			double[] swapRow = a[column];
			a[column] = a[pivot];
			a[pivot] = swapRow;
			double swapValue = b[column];
			b[column] = b[pivot];
			b[pivot] = swapValue;
			if (a[column][column] == 0) {
				throw new IllegalStateException("The risk model's equations have no single solution");
			}
			for (int row = column + 1; row < n; row++) {
				double factor = a[row][column] / a[column][column];
				for (int k = column; k < n; k++) {
					a[row][k] -= factor * a[column][k];
				}
				b[row] -= factor * b[column];
			}
		}
		double[] x = new double[n];
		for (int row = n - 1; row >= 0; row--) {
			double sum = b[row];
			for (int k = row + 1; k < n; k++) {
				sum -= a[row][k] * x[k];
			}
			x[row] = sum / a[row][row];
		}
		return x;
	}

}
