package io.cairn.bridge.marathon;

import jakarta.servlet.http.HttpServletRequest;

import io.cairn.support.security.WriteProtectionExemption;

/**
 * The callback checks the token itself, from its query parameter, because Marathon posts
 * events without headers of our choosing; the bearer-token filter leaves it alone.
 */
public class CallbackTokenExemption implements WriteProtectionExemption {

	@Override
	public boolean isExempt(HttpServletRequest request) {
		return CallbackController.PATH.equals(request.getServletPath());
	}

}
