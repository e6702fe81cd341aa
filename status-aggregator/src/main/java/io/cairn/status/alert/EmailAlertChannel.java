package io.cairn.status.alert;

import java.util.List;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * E-mail through Spring's {@link JavaMailSender} ({@code spring.mail.host},
 * {@code .port}, {@code .username}, {@code .password}, {@code .properties.*}): a plain
 * text message whose subject is the headline.
 */
class EmailAlertChannel implements AlertChannel {

	private final JavaMailSender sender;

	private final String from;

	private final List<String> to;

	private final String destination;

	EmailAlertChannel(JavaMailSender sender, String from, List<String> to, String destination) {
		this.sender = sender;
		this.from = from;
		this.to = List.copyOf(to);
		this.destination = destination;
	}

	@Override
	public void send(Alert alert) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(this.to.toArray(String[]::new));
		String headline = alert.headline();
		message.setSubject((headline.length() > 200) ? headline.substring(0, 200) + "…" : headline);
		StringBuilder text = new StringBuilder();
		if (alert.checkId() != null) {
			text.append("Check:    ").append(alert.checkId()).append('\n');
			text.append("Status:   ").append(alert.status().label()).append('\n');
			text.append("Previous: ").append(alert.previous().label()).append('\n');
			text.append("Since:    ").append(alert.openedAt()).append('\n');
		}
		text.append("Event:    ").append(alert.kind().word()).append('\n');
		text.append("At:       ").append(alert.at()).append("\n\n");
		text.append(alert.message()).append('\n');
		message.setText(text.toString());
		this.sender.send(message);
	}

	@Override
	public String destination() {
		return this.destination;
	}

}
