package io.cairn.deploy.support;

import java.beans.BeanInfo;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Rendered manifests checked against the Kubernetes API's own types, offline: each
 * document is read into fabric8's model of its {@code apiVersion} and {@code kind}
 * (generated from the Kubernetes OpenAPI schemas; ServiceMonitor and PrometheusRule from
 * the Prometheus Operator's CRDs), so a wrong type fails, and a field the schema does not
 * have (which fabric8 would keep aside) is reported, with its path.
 */
public final class KubernetesManifests {

	private static final Map<String, Class<?>> TYPES = Map.ofEntries(Map.entry("v1/Service", Service.class),
			Map.entry("v1/Secret", Secret.class), Map.entry("v1/ConfigMap", ConfigMap.class),
			Map.entry("v1/ServiceAccount", ServiceAccount.class), Map.entry("v1/Pod", Pod.class),
			Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("apps/v1/StatefulSet", StatefulSet.class),
			Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
			Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

	private static final ObjectMapper mapper = new ObjectMapper()
		.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
		.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

	private KubernetesManifests() {
	}

	/**
	 * What is wrong with some manifests, as the API server's schema validation would see
	 * it.
	 * @param manifests the rendered documents
	 * @return one line per problem, empty when every document is valid
	 */
	public static List<String> problems(List<Map<String, Object>> manifests) {
		List<String> problems = new ArrayList<>();
		for (Map<String, Object> manifest : manifests) {
			String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
			String name = type + " " + Yamls.at(manifest, "metadata.name");
			Class<?> model = TYPES.get(type);
			if (model == null) {
				problems.add(name + ": no Kubernetes model for " + type + " (add it to KubernetesManifests)");
				continue;
			}
			Object parsed;
			try {
				parsed = mapper.convertValue(manifest, model);
			}
			catch (IllegalArgumentException ex) {
				problems.add(name + ": " + ex.getMessage());
				continue;
			}
			unknownFields(parsed, name, problems);
		}
		return problems;
	}

	/**
	 * fabric8's models keep fields they do not know in {@code additionalProperties}
	 * rather than failing: any found there is a field the schema does not have.
	 */
	private static void unknownFields(Object object, String path, List<String> problems) {
		if (object == null || object instanceof String || object instanceof Number || object instanceof Boolean
				|| object instanceof Enum<?>) {
			return;
		}
		if (object instanceof Collection<?> collection) {
			int index = 0;
			for (Object element : collection) {
				unknownFields(element, path + "[" + index++ + "]", problems);
			}
			return;
		}
		if (object instanceof Map<?, ?> map) {
			map.forEach((key, value) -> unknownFields(value, path + "." + key, problems));
			return;
		}
		if (!object.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		try {
			BeanInfo bean = Introspector.getBeanInfo(object.getClass(), Object.class);
			for (PropertyDescriptor property : bean.getPropertyDescriptors()) {
				if (property.getReadMethod() == null) {
					continue;
				}
				Object value = property.getReadMethod().invoke(object);
				if (property.getName().equals("additionalProperties")) {
					if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
						problems.add(path + ": fields the Kubernetes schema does not have: " + extra.keySet());
					}
				}
				else {
					unknownFields(value, path + "." + property.getName(), problems);
				}
			}
		}
		catch (IntrospectionException | IllegalAccessException | InvocationTargetException ex) {
			problems.add(path + ": cannot be inspected: " + ex);
		}
	}

}
