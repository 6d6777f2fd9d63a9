package com.acme.tracking;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.shared.Topics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code api/asyncapi.yaml} names the contract's topics and destinations, points at the
 * Avro files producers use, and its schemas have teeth. (That it is a valid AsyncAPI 3.0
 * document is {@code @asyncapi/parser}'s verdict, in the build: {@code tools/api}; that
 * the service's real messages match it, {@link AsyncApiMessagesTests}.)
 */
class AsyncApiDocumentTests {

	private final AsyncApiDocument document = AsyncApiDocument.load();

	@Test
	void channelsAreTheContractsTopicsAndDestinations() {
		assertThat(this.document.address("deliveryEvents")).isEqualTo(Topics.DELIVERY_EVENTS);
		assertThat(this.document.address("courierPositions")).isEqualTo(Topics.COURIER_POSITIONS);
		assertThat(this.document.address("notifications")).isEqualTo(Topics.NOTIFICATIONS);
		assertThat(this.document.address("deadLetters")).isEqualTo(Topics.DEAD_LETTER);
		assertThat(this.document.address("audit")).isEqualTo(Topics.AUDIT);
		assertThat(this.document.address("orderUpdates")).isEqualTo("/topic/orders.{orderId}");
		assertThat(this.document.address("courierUpdates")).isEqualTo("/topic/couriers.{courierId}");
		assertThat(this.document.address("orderEvents")).isEqualTo("/v1/orders/{orderId}/events");
		assertThat(this.document.messages("orderUpdates")).containsExactly("snapshot", "position", "status",
				"notification");
	}

	@Test
	void avroPayloadsAreTheFilesProducersEncodeWith() throws Exception {
		String text = Files.readString(Path.of("api/asyncapi.yaml"));
		for (String record : new String[] { "DeliveryEvent", "CourierPosition" }) {
			assertThat(text).contains("$ref: './avro/" + record + ".avsc'");
			assertThat(Path.of("api/avro/" + record + ".avsc")).exists();
		}
		assertThat(new Yaml().<Object>load(text)).isNotNull();
	}

	@Test
	void theJsonFormOfTheInputsMatchesItsSchema() {
		String event = new String(Api.EVENTS.encodeJson(Api.createdEvent("order-1")), StandardCharsets.UTF_8);
		assertThat(this.document.payloadErrors("deliveryEvents", "json", event)).isEmpty();
		CourierPosition fix = CourierPosition.newBuilder()
			.setCourierId("courier-1")
			.setLat(-23.5)
			.setLon(-46.6)
			.setRecordedAt(Instant.parse("2026-11-25T12:00:00Z"))
			.build();
		String position = new String(Api.POSITIONS.encodeJson(fix), StandardCharsets.UTF_8);
		assertThat(this.document.payloadErrors("courierPositions", "json", position)).isEmpty();
		assertThat(this.document.payloadErrors("courierPositions", "json", position.replace("-23.5", "95.0")))
			.isNotEmpty();
	}

	@Test
	void aPositionCarriesBothHalvesOfItsEtaOrNeither() {
		String position = """
				{"type":"position","orderId":"o-1","position":{"lat":1.0,"lon":2.0,"accuracyMeters":5.0,
				 "recordedAt":"2026-11-25T12:00:00Z","ageSeconds":3,"stale":false}%s}""";
		String range = ",\"estimatedArrivalRange\":{\"earliest\":\"2026-11-25T12:09:00Z\",\"latest\":\"2026-11-25T12:19:00Z\"}";
		String at = ",\"estimatedArrivalAt\":\"2026-11-25T12:14:05Z\"";
		assertThat(this.document.payloadErrors("orderUpdates", "position", position.formatted(""))).isEmpty();
		assertThat(this.document.payloadErrors("orderUpdates", "position", position.formatted(at + range))).isEmpty();
		assertThat(this.document.payloadErrors("orderUpdates", "position", position.formatted(at))).isNotEmpty();
		assertThat(this.document.payloadErrors("orderUpdates", "position", position.formatted(range))).isNotEmpty();
		assertThat(this.document.payloadErrors("orderUpdates", "position",
				position.formatted(at.replace("2026-11-25T12:14:05Z", "soon") + range)))
			.as("date-time is asserted")
			.isNotEmpty();
	}

	@Test
	void notificationsNameTheirKindAndMayHaveNoEta() {
		String notification = """
				{"notificationId":"o-1:STATUS:COURIER_ASSIGNED","orderId":"o-1","partnerId":"p-1","kind":"%s",
				 "status":"COURIER_ASSIGNED","at":"2026-11-25T12:00:00Z","etaSeconds":null}""";
		assertThat(this.document.payloadErrors("notifications", "notification", notification.formatted("STATUS")))
			.isEmpty();
		assertThat(this.document.payloadErrors("notifications", "notification", notification.formatted("LATE")))
			.isNotEmpty();
		assertThat(this.document.payloadErrors("notifications", "notification",
				notification.formatted("STATUS").replace("COURIER_ASSIGNED\",\"at", "LOST\",\"at")))
			.as("status is the tracking body's enum, from openapi.yaml")
			.isNotEmpty();
	}

}
