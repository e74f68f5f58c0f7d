/**
 * Model parts of the tool dialogs, generated from the model's own description and ready to embed:
 * {@link org.deepraster.toolbox.form.ModelPicker} (path, Browse…, Paste JSON…; loads off the EDT and
 * refuses a model that cannot run here, saying why), {@link org.deepraster.toolbox.form.ModelInfoPanel}
 * (what {@code deepraster info MODEL} prints), {@link org.deepraster.toolbox.form.ArgumentForm} (one
 * editor per {@link org.deepraster.model.ArgumentSpec}, inline validation, the equivalent
 * {@code --model_arguments}) and {@link org.deepraster.toolbox.form.ModelPanel}, which wires the three.
 */
package org.deepraster.toolbox.form;
