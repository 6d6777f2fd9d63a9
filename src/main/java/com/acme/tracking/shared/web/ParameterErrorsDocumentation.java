package com.acme.tracking.shared.web;

import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Every {@code /v1} operation can answer 400 ({@link UnknownParameters}: a query
 * parameter it does not take, or one that cannot be decoded): the API document says so on
 * each operation that does not already declare its own 400.
 */
@Component
class ParameterErrorsDocumentation implements OpenApiCustomizer {

	@Override
	public void customise(io.swagger.v3.oas.models.OpenAPI api) {
		if (api.getPaths() == null) {
			return;
		}
		api.getPaths().forEach((path, item) -> {
			if (!path.startsWith("/v1/")) {
				return;
			}
			item.readOperations().forEach((operation) -> {
				if (operation.getResponses() != null && !operation.getResponses().containsKey("400")) {
					operation.getResponses()
						.addApiResponse("400",
								new ApiResponse()
									.description("A query parameter this operation does not take, named in the problem")
									.content(new Content().addMediaType("application/problem+json", new MediaType()
										.schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
				}
			});
		});
	}

}
