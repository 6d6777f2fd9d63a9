package com.acme.tracking.webhook;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * What the service POSTs to a partner's webhook, as an OpenAPI 3.1 {@code webhooks}
 * entry: the notification body and the three signature headers.
 */
@Component
class WebhookDocumentation implements OpenApiCustomizer {

	static final String SCHEMA = "WebhookNotification";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void customise(OpenAPI api) {
		Schema kind = new StringSchema()._enum(List.of("STATUS", "ARRIVING", "ARRIVED", "PING"))
			.description("What happened; PING for POST .../test");
		Schema status = new Schema<>().types(new java.util.LinkedHashSet<>(List.of("string", "null")))
			.description("The order's status when it happened (absent for PING)");
		status.setEnum(java.util.Arrays.asList("CREATED", "COURIER_ASSIGNED", "PICKED_UP", "OUT_FOR_DELIVERY",
				"DELIVERED", "CANCELLED", null));
		Schema eta = new Schema<>().types(new java.util.LinkedHashSet<>(List.of("integer", "null")))
			.format("int64")
			.description("Seconds to the estimated arrival when it happened, or null");
		Schema body = new Schema<>().type("object")
			.description("A notification of tracking.notifications.v1, as sent to a webhook")
			.required(List.of("notificationId", "orderId", "partnerId", "kind", "at"))
			.properties(Map.of("notificationId",
					new StringSchema().description("{orderId}:{kind}:{status}: the same on every retry and replay"),
					"orderId", new StringSchema(), "partnerId", new StringSchema(), "kind", kind, "status", status,
					"at", new StringSchema().format("date-time").description("When it happened"), "etaSeconds", eta));
		body.setExample(Map.of("notificationId", "o-1042:STATUS:DELIVERED", "orderId", "o-1042", "partnerId", "p-7",
				"kind", "STATUS", "status", "DELIVERED", "at", "2026-11-25T12:16:02Z", "etaSeconds", 0));
		api.getComponents().addSchemas(SCHEMA, body);
		Operation post = new Operation().operationId("receiveTrackingNotification")
			.summary("A notification, POSTed to the partner's webhook")
			.description("Verify Tracking-Webhook-Signature on the raw body before anything else (see the README), "
					+ "drop duplicates by Tracking-Webhook-Id, and answer 2xx within 5 s; anything else is retried "
					+ "with back-off for 24 h.")
			.tags(List.of("Webhooks"))
			.parameters(List.of(header("Tracking-Webhook-Id", "The notificationId (drop duplicates by it)"),
					header("Tracking-Webhook-Timestamp",
							"Unix seconds of this attempt; reject it when over 5 minutes " + "away from now"),
					header("Tracking-Webhook-Signature", "v1= and the hex HMAC-SHA256 of timestamp + '.' + body with "
							+ "the webhook's secret; two v1= values separated by a space during a secret rotation")))
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType("application/json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)))))
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse()
				.description("Received (any 2xx); any other status, a timeout or a redirect is retried")));
		api.addWebhooks("trackingNotification", new PathItem().post(post));
	}

	private static Parameter header(String name, String description) {
		return new HeaderParameter().name(name).required(true).description(description).schema(new StringSchema());
	}

}
