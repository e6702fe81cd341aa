package io.cairn.consul.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Builds the records of the model through one spreading {@link MethodHandle} per type,
 * made once. Jackson 3.1 calls {@code MethodHandle.invokeWithArguments} for every object
 * it builds with a constructor, which makes a new spreader each time: measured on JDK 17,
 * most of the CPU time and about a third of the bytes of decoding a health answer. Only
 * the call is replaced; which constructor, which arguments, their defaults and the errors
 * stay Jackson's.
 */
final class SpreadingCreators implements ValueInstantiators {

	private SpreadingCreators() {
	}

	/**
	 * The module to register on a mapper.
	 * @return the module
	 */
	static SimpleModule module() {
		return new SimpleModule("consul-spreading-creators") {

			@Override
			public void setupModule(SetupContext context) {
				super.setupModule(context);
				context.addValueInstantiators(new SpreadingCreators());
			}

		};
	}

	@Override
	public @Nullable ValueInstantiator findValueInstantiator(DeserializationConfig config,
			BeanDescription.Supplier beanDescRef) {
		return null;
	}

	@Override
	public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDescRef,
			ValueInstantiator instantiator) {
		if (instantiator.getClass() == StdValueInstantiator.class && instantiator.canCreateFromObjectWith()
				&& instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator) {
			Constructor<?> constructor = creator.getAnnotated();
			if (Modifier.isPublic(constructor.getModifiers())
					&& Modifier.isPublic(constructor.getDeclaringClass().getModifiers())) {
				try {
					return new Spreading((StdValueInstantiator) instantiator, constructor);
				}
				catch (IllegalAccessException ex) {
					// not reachable from here: Jackson's own call then
				}
			}
		}
		return instantiator;
	}

	private static final class Spreading extends StdValueInstantiator {

		private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);

		private final MethodHandle creator;

		Spreading(StdValueInstantiator source, Constructor<?> constructor) throws IllegalAccessException {
			super(source);
			MethodHandle handle = MethodHandles.publicLookup().unreflectConstructor(constructor);
			this.creator = handle.asSpreader(Object[].class, constructor.getParameterCount()).asType(SPREAD);
		}

		@Override
		public Object createFromObjectWith(DeserializationContext context, Object[] args) {
			try {
				return (Object) this.creator.invokeExact(args);
			}
			catch (Exception ex) {
				return context.handleInstantiationProblem(this._valueClass, args, rewrapCtorProblem(context, ex));
			}
			catch (Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
