package com.acme.tracking.local;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A command-line producer for the local runtime ({@code bin/produce}): reads one JSON
 * object per argument or per line of standard input, in the plain JSON form of DESIGN.md,
 * and sends it to {@code events} ({@value Topics#DELIVERY_EVENTS}) or {@code positions}
 * ({@value Topics#COURIER_POSITIONS}) as Avro single-object encoding, or as JSON with
 * {@code content-type: application/json} when {@code --json} is given.
 */
public final class Produce {

	private Produce() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 1 || !List.of("events", "positions").contains(args[0])) {
			System.err.println("usage: bin/produce events|positions [--json] [--bootstrap host:port] ['{json}' ...]");
			System.exit(2);
		}
		boolean events = args[0].equals("events");
		boolean asJson = false;
		String bootstrap = "localhost:9092";
		List<String> values = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			switch (args[i]) {
				case "--json" -> asJson = true;
				case "--bootstrap" -> bootstrap = args[++i];
				default -> values.add(args[i]);
			}
		}
		if (values.isEmpty()) {
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (!line.isBlank()) {
					values.add(line);
				}
			}
		}
		Properties props = new Properties();
		props.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"));
		AvroCodec<DeliveryEvent> eventCodec = AvroCodec.of(DeliveryEvent.class);
		AvroCodec<CourierPosition> positionCodec = AvroCodec.of(CourierPosition.class);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
				new ByteArraySerializer())) {
			for (String value : values) {
				byte[] json = value.getBytes(StandardCharsets.UTF_8);
				String topic;
				String key;
				byte[] avro;
				if (events) {
					DeliveryEvent event = eventCodec.decodeJson(json);
					topic = Topics.DELIVERY_EVENTS;
					key = event.getOrderId();
					avro = eventCodec.encode(event);
				}
				else {
					CourierPosition position = positionCodec.decodeJson(json);
					topic = Topics.COURIER_POSITIONS;
					key = position.getCourierId();
					avro = positionCodec.encode(position);
				}
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, asJson ? json : avro);
				if (asJson) {
					record.headers().add("content-type", AvroCodec.JSON_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
				}
				var metadata = producer.send(record).get();
				System.out.printf("sent %s key=%s partition=%d offset=%d (%s)%n", topic, key, metadata.partition(),
						metadata.offset(), asJson ? "json" : "avro");
			}
		}
	}

}
