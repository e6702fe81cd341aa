package io.cairn.registry.jsonrpc;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.examples.Example;
import org.springdoc.core.customizers.OpenApiCustomizer;

import io.cairn.registry.security.WriteAccess;
import io.cairn.support.web.CairnHttpProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Wires {@link JsonRpcEndpoint} at {@value JsonRpcEndpoint#PATH}: a URL mapping consulted
 * before the annotated controllers, the endpoint's OpenAPI description, and its exclusion
 * from the generic {@code http.server.requests} observation (it has its own timer, at a
 * fraction of the cost, on the registry's hottest path).
 */
@Configuration(proxyBeanMethods = false)
class JsonRpcConfiguration {

	@Bean
	JsonRpcEndpoint jsonRpcEndpoint(JsonRpcDispatcher dispatcher, WriteAccess access, CairnHttpProperties http,
			MeterRegistry meters) {
		return new JsonRpcEndpoint(dispatcher, access, http, meters);
	}

	@Bean
	SimpleUrlHandlerMapping jsonRpcHandlerMapping(JsonRpcEndpoint endpoint) {
		return new SimpleUrlHandlerMapping(Map.of(JsonRpcEndpoint.PATH, endpoint), Ordered.HIGHEST_PRECEDENCE);
	}

	@Bean
	ObservationPredicate jsonRpcObservationExclusion() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext server
				&& server.getCarrier() != null && JsonRpcEndpoint.PATH.equals(server.getCarrier().getRequestURI()));
	}

	@Bean
	OpenApiCustomizer jsonRpcOpenApi() {
		return (openApi) -> {
			MediaType json = new MediaType().schema(new ObjectSchema()
				.description("A JSON-RPC 2.0 request, notification (no id) or batch (an array of them)"));
			json.addExamples("ping", new Example().value(
					"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"orders.api\",\"10.0.0.1\",9001],\"id\":1}"));
			json.addExamples("locate_service", new Example().value(
					"{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":{\"name\":\"orders.*\"},\"id\":2}"));
			MediaType answer = new MediaType().schema(new ObjectSchema()
				.description("{\"jsonrpc\":\"2.0\",\"result\":...,\"error\":null|{code,message},\"id\":...}"));
			Operation call = new Operation().addTagsItem("JSON-RPC (servreg)")
				.summary("Call ping, locate_service or get_service_specs")
				.description("servreg-compatible JSON-RPC 2.0. Errors are answered with HTTP 200 and a JSON-RPC error "
						+ "object, as servreg's clients expect. ping needs the X-Api-Token header (the admin token, "
						+ "or a token scoped to the service) when tokens are configured.")
				.addParametersItem(new Parameter().in("header")
					.name("X-Api-Token")
					.required(false)
					.description("servreg's API token header")
					.schema(new StringSchema()))
				.requestBody(
						new RequestBody().required(true).content(new Content().addMediaType("application/json", json)))
				.responses(new ApiResponses()
					.addApiResponse("200",
							new ApiResponse().description("A JSON-RPC answer (or array of answers)")
								.content(new Content().addMediaType("application/json", answer)))
					.addApiResponse("405", new ApiResponse().description("Not POST"))
					.addApiResponse("413",
							new ApiResponse().description("The body is over cairn.http.max-request-size")));
			openApi.path(JsonRpcEndpoint.PATH, new PathItem().post(call));
		};
	}

}
