package io.cairn.registry.jsonrpc;

import jakarta.servlet.http.HttpServletRequest;

import io.cairn.support.security.WriteProtectionExemption;

import org.springframework.stereotype.Component;

/**
 * {@code /api} checks servreg's {@code X-Api-Token} header itself, per method (only
 * {@code ping} writes), so the bearer-token filter leaves it alone.
 */
@Component
class JsonRpcTokenExemption implements WriteProtectionExemption {

	@Override
	public boolean isExempt(HttpServletRequest request) {
		return JsonRpcEndpoint.PATH.equals(request.getServletPath());
	}

}
