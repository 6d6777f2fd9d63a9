package com.acme.tracking.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationsTests {

	@Test
	void aNameThatResolvesToAPrivateAddressAfterRegistrationIsRefusedAtTheNextAttempt() throws Exception {
		AtomicReference<String> address = new AtomicReference<>("93.184.215.14");
		Destinations destinations = new Destinations((host) -> List.of(InetAddress.getByName(address.get())), false);
		assertThat(destinations.problem("https://hooks.partner.example/t")).isNull();
		address.set("10.0.0.7");
		assertThat(destinations.problem("https://hooks.partner.example/t")).contains("non-public");
		address.set("169.254.169.254");
		assertThat(destinations.problem("https://hooks.partner.example/t")).contains("non-public");
	}

	@Test
	void oneNonPublicAddressAmongSeveralIsEnough() {
		Destinations destinations = new Destinations(
				(host) -> List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1")), false);
		assertThat(destinations.problem("https://hooks.partner.example/t")).isNotNull();
	}

	@Test
	void aNameThatDoesNotResolveIsRefused() {
		Destinations destinations = new Destinations((host) -> {
			throw new UnknownHostException(host);
		}, false);
		assertThat(destinations.problem("https://nowhere.example/t")).contains("does not resolve");
	}

	@Test
	void localhostOnlyWhereTheLocalRuntimeAllowsIt() {
		assertThat(new Destinations(Destinations.DNS, false).problem("http://localhost:9000/hook")).isNotNull();
		assertThat(new Destinations(Destinations.DNS, true).problem("http://localhost:9000/hook")).isNull();
		assertThat(new Destinations(Destinations.DNS, true).problem("http://127.0.0.1:9000/hook")).isNotNull();
	}

}
