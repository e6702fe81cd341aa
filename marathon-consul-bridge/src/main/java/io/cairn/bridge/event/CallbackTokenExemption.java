package io.cairn.bridge.event;

import jakarta.servlet.http.HttpServletRequest;

import io.cairn.support.security.WriteProtectionExemption;

/**
 * The callback applies the write policy itself, taking the token from its query
 * parameter, because Marathon posts events without headers of our choosing; the
 * bearer-token filter leaves it alone. When callbacks are not configured the path has no
 * handler and answers 404 whoever asks.
 */
public class CallbackTokenExemption implements WriteProtectionExemption {

	@Override
	public boolean isExempt(HttpServletRequest request) {
		return CallbackController.PATH.equals(request.getServletPath());
	}

}
