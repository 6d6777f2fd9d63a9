package com.acme.tracking.shared;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Customer pseudonyms: keyed (another key, another pseudonym), stable, one way; what the
 * warehouse stores and looks up with {@code tracking.privacy.pseudonymise-customers} on
 * and off, and once a customer is erased.
 */
class CustomerIdsTests {

	static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

	@Test
	void aPseudonymIsStableKeyedAndCarriesNothingOfTheId() {
		CustomerIds ids = new CustomerIds(KEY, false);
		String pseudonym = ids.pseudonym("customer-42");
		assertThat(pseudonym).matches("~[0-9a-f]{32}");
		assertThat(ids.pseudonym("customer-42")).isEqualTo(pseudonym);
		assertThat(ids.pseudonym(pseudonym)).isEqualTo(pseudonym);
		assertThat(new CustomerIds(OTHER_KEY, false).pseudonym("customer-42")).isNotEqualTo(pseudonym);
		assertThat(ids.pseudonym("customer-43")).isNotEqualTo(pseudonym);
	}

	@Test
	void pseudonymisingTheWarehouseStoresAndLooksUpThePseudonym() {
		CustomerIds plain = new CustomerIds(KEY, false);
		CustomerIds pseudonymising = new CustomerIds(KEY, true);
		assertThat(plain.stored("customer-1")).isEqualTo("customer-1");
		assertThat(plain.queried("customer-1")).isEqualTo("customer-1");
		String pseudonym = plain.pseudonym("customer-1");
		assertThat(pseudonymising.stored("customer-1")).isEqualTo(pseudonym);
		// a search by the id finds what was stored under its pseudonym
		assertThat(pseudonymising.queried("customer-1")).isEqualTo(pseudonym);
		// the hot state keeps the id (a customer's own live reads compare it with the
		// token)
		assertThat(pseudonymising.live("customer-1")).isEqualTo("customer-1");
	}

	@Test
	void anErasedCustomerIsStoredAndKeptByItsPseudonymAndFoundByItsIdNowhere() {
		for (boolean pseudonymise : List.of(false, true)) {
			CustomerIds ids = new CustomerIds(KEY, pseudonymise);
			String pseudonym = ids.pseudonym("customer-7");
			ids.erase(List.of(pseudonym));
			assertThat(ids.erased("customer-7")).isTrue();
			assertThat(ids.erased("customer-8")).isFalse();
			assertThat(ids.live("customer-7")).isEqualTo(pseudonym);
			assertThat(ids.stored("customer-7")).isEqualTo(pseudonym);
			assertThat(ids.queried("customer-7")).isNull();
			assertThat(ids.queried("customer-8")).isNotNull();
		}
	}

	@Test
	void pseudonymisingWithoutAKeyStopsTheStartNamingTheSetting() {
		assertThatIllegalStateException().isThrownBy(() -> new CustomerIds("", true))
			.withMessageContaining("TRACKING_PRIVACY_KEY");
		assertThatIllegalStateException().isThrownBy(() -> new CustomerIds("c2hvcnQ=", false))
			.withMessageContaining("at least 32 bytes");
		assertThat(new CustomerIds("", false).available()).isFalse();
	}

}
