package com.acme.tracking.local;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fleet simulator of the local runtime ({@code tracking.simulator.*}).
 *
 * @param enabled whether it runs ({@code --tracking.simulator.enabled=false} leaves the
 * topics to outside producers)
 * @param couriers how many couriers drive
 * @param ordersPerMinute how many new orders start a minute
 * @param customers size of the customer pool ({@code customer-1}..): mint a token for one
 * with {@code POST /dev/tokens} to watch its orders
 * @param partners size of the partner pool ({@code partner-1}..)
 * @param positionInterval how often a driving courier sends a position
 * @param speedMetersPerSecond average driving speed
 * @param centerLat latitude of the city centre
 * @param centerLon longitude of the city centre
 * @param radiusMeters how far from the centre pickups and destinations lie
 * @param cancelRate share of orders cancelled before pickup
 * @param anomalyRate share of records sent late, duplicated or out of order
 * @param jsonRate share of records sent as JSON instead of Avro
 */
@ConfigurationProperties("tracking.simulator")
public record SimulatorSettings(@DefaultValue("false") boolean enabled, @DefaultValue("20") int couriers,
		@DefaultValue("20") int ordersPerMinute, @DefaultValue("50") int customers, @DefaultValue("5") int partners,
		@DefaultValue("3s") Duration positionInterval, @DefaultValue("9") double speedMetersPerSecond,
		@DefaultValue("-23.5617") double centerLat, @DefaultValue("-46.6560") double centerLon,
		@DefaultValue("3000") double radiusMeters, @DefaultValue("0.1") double cancelRate,
		@DefaultValue("0.03") double anomalyRate, @DefaultValue("0.05") double jsonRate) {
}
