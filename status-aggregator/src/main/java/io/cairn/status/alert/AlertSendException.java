package io.cairn.status.alert;

/**
 * A send that cannot work until the configuration changes (a secret that is not set, a
 * secret that is no URL); not retried. Its message is safe to show: it names secrets,
 * never their values.
 */
class AlertSendException extends RuntimeException {

	AlertSendException(String message) {
		super(message);
	}

}
