package io.churnreport.classify;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChurnReasonClassifierTests {

	private final ChurnReasonClassifier classifier = new ChurnReasonClassifier(new ChurnReasonCatalog(
			List.of(new ChurnReason("price_too_high", "Price too high", "price", ReasonClass.MANAGED),
					new ChurnReason("moved_away", "Moved out of the area", "relocation", ReasonClass.UNMANAGED),
					new ChurnReason("nonpayment", "Payment failed", "payment", ReasonClass.MANAGED)),
			"sha"));

	@Test
	void aKnownCrmReasonGivesItsClassCategoryAndLabel() {
		ChurnClassification result = classifier.classify(evidence("moved_away", "voluntary", "RivalCo"));

		assertThat(result.reasonClass()).isEqualTo(ReasonClass.UNMANAGED);
		assertThat(result.category()).isEqualTo("relocation");
		assertThat(result.reasonCode()).isEqualTo("moved_away");
		assertThat(result.reasonLabel()).isEqualTo("Moved out of the area");
		assertThat(result.competitor()).isEqualTo("RivalCo");
		assertThat(result.mrrLost()).isEqualByComparingTo("49.90");
	}

	@Test
	void crmCodesMatchWhateverTheirCaseAndSurroundingSpaces() {
		ChurnClassification result = classifier.classify(evidence("  PRICE_Too_High ", "voluntary", null));

		assertThat(result.reasonClass()).isEqualTo(ReasonClass.MANAGED);
		assertThat(result.reasonCode()).isEqualTo("price_too_high");
	}

	@Test
	void aCrmCodeTheClassifierDoesNotListIsUnclassifiedAndKept() {
		ChurnClassification result = classifier.classify(evidence("alien_abduction", "voluntary", null));

		assertThat(result.reasonClass()).isEqualTo(ReasonClass.UNCLASSIFIED);
		assertThat(result.category()).isNull();
		assertThat(result.reasonCode()).isEqualTo("alien_abduction");
		assertThat(result.reasonLabel()).isEqualTo("alien_abduction");
	}

	@Test
	void nonPaymentWithoutACrmReasonIsClassifiedAsTheNonpaymentReason() {
		ChurnClassification result = classifier.classify(evidence(null, "nonpayment", null));

		assertThat(result.reasonClass()).isEqualTo(ReasonClass.MANAGED);
		assertThat(result.category()).isEqualTo("payment");
		assertThat(result.reasonCode()).isEqualTo("nonpayment");
	}

	@Test
	void aCrmReasonWinsOverTheBillingEndCause() {
		ChurnClassification result = classifier.classify(evidence("moved_away", "nonpayment", null));

		assertThat(result.reasonCode()).isEqualTo("moved_away");
		assertThat(result.endCause()).isEqualTo("nonpayment");
	}

	@Test
	void withoutCrmReasonOrNonPaymentThereIsNoReason() {
		assertThat(classifier.classify(evidence(null, "voluntary", null)).reasonClass()).isEqualTo(ReasonClass.NO_REASON);
		assertThat(classifier.classify(evidence("  ", null, null)).reasonClass()).isEqualTo(ReasonClass.NO_REASON);
	}

	@Test
	void nonPaymentIsUnclassifiedWhenTheClassifierDoesNotListIt() {
		ChurnReasonClassifier withoutNonpayment = new ChurnReasonClassifier(new ChurnReasonCatalog(
				List.of(new ChurnReason("price_too_high", "Price too high", "price", ReasonClass.MANAGED)), "sha"));

		ChurnClassification result = withoutNonpayment.classify(evidence(null, "nonpayment", null));

		assertThat(result.reasonClass()).isEqualTo(ReasonClass.UNCLASSIFIED);
		assertThat(result.reasonCode()).isEqualTo("nonpayment");
	}

	private static ChurnEvidence evidence(String reasonCode, String endCause, String competitor) {
		return new ChurnEvidence("c-1", new BigDecimal("49.90"), reasonCode, "free text", competitor, endCause);
	}

}
