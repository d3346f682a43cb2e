package io.churnreport.classify;

/** One entry of the churn-reason classifier. */
public record ChurnReason(String code, String label, String category, ReasonClass reasonClass) {
}
