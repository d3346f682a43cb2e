package io.churnreport.classify;

import java.util.Optional;

/**
 * Gives a churned customer its reason class. In order: the CRM cancellation's reason code, looked
 * up in the classifier (a code it does not list is {@code unclassified}); without a CRM reason, a
 * billing end by non-payment is classified as the reason {@code nonpayment}; anything else is
 * {@code no_reason}. Nothing is dropped: every churned customer gets exactly one class.
 */
public class ChurnReasonClassifier {

	public static final String NONPAYMENT_CODE = "nonpayment";

	private final ChurnReasonCatalog catalog;

	public ChurnReasonClassifier(ChurnReasonCatalog catalog) {
		this.catalog = catalog;
	}

	public ChurnClassification classify(ChurnEvidence evidence) {
		String code = blankToNull(evidence.reasonCode());
		if (code == null && NONPAYMENT_CODE.equals(evidence.endCause())) {
			code = NONPAYMENT_CODE;
		}
		if (code == null) {
			return classification(evidence, ReasonClass.NO_REASON, null, null, null);
		}
		Optional<ChurnReason> reason = catalog.find(code);
		if (reason.isPresent()) {
			ChurnReason known = reason.get();
			return classification(evidence, known.reasonClass(), known.category(), known.code(), known.label());
		}
		// the code is the label: free texts differ per customer and would split one code into many rows
		return classification(evidence, ReasonClass.UNCLASSIFIED, null, code, code);
	}

	private static ChurnClassification classification(ChurnEvidence evidence, ReasonClass reasonClass, String category,
			String code, String label) {
		return new ChurnClassification(evidence.customerId(), evidence.mrrLost(), reasonClass, category, code, label,
				blankToNull(evidence.competitor()), evidence.endCause());
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}

}
