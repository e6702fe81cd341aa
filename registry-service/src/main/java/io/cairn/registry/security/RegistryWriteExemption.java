package io.cairn.registry.security;

import jakarta.servlet.http.HttpServletRequest;

import io.cairn.support.security.WriteProtectionExemption;

import org.springframework.stereotype.Component;

/**
 * The registry's writes carry tokens the shared bearer-token filter does not know (scoped
 * tokens, servreg's {@code X-Api-Token}), so they are left to {@link WriteAccess}:
 * {@code POST /api} (JSON-RPC, checked per call, since only {@code ping} writes) and
 * {@code PUT}/{@code DELETE /v1/instances} (checked by {@link InstanceWriteFilter}).
 */
@Component
public class RegistryWriteExemption implements WriteProtectionExemption {

	/** servreg's JSON-RPC path. */
	public static final String JSON_RPC_PATH = "/api";

	/** The REST path of instance writes. */
	public static final String INSTANCES_PATH = "/v1/instances";

	@Override
	public boolean isExempt(HttpServletRequest request) {
		return JSON_RPC_PATH.equals(request.getServletPath()) || isInstanceWrite(request);
	}

	/**
	 * Whether a request registers or deregisters an instance through REST.
	 * @param request the request
	 * @return true for PUT and DELETE on {@value #INSTANCES_PATH}
	 */
	static boolean isInstanceWrite(HttpServletRequest request) {
		return INSTANCES_PATH.equals(request.getServletPath())
				&& ("PUT".equals(request.getMethod()) || "DELETE".equals(request.getMethod()));
	}

}
