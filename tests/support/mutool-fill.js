// mutool run mutool-fill.js IN OUT VALUES_JSON
// Fills a form as a mupdf viewer does: types VALUES_JSON[label] into each text field and chooses
// it in each dropdown (label = the field's tooltip), ticks every checkbox and each radio button
// whose label VALUES_JSON maps to true (each button's tooltip names its option), lets mupdf draw
// the appearances (update) and saves.
var pdf = new PDFDocument(scriptArgs[0]);
var values = JSON.parse(scriptArgs[2]);
for (var i = 0; i < pdf.countPages(); i++) {
  var widgets = pdf.loadPage(i).getWidgets();
  for (var j = 0; j < widgets.length; j++) {
    var widget = widgets[j];
    var type = widget.getFieldType();
    var label = widget.getLabel();
    if (type === 'text' && values[label] !== undefined) widget.setTextValue(values[label]);
    else if (type === 'combobox' && values[label] !== undefined) widget.setChoiceValue(values[label]);
    else if (type === 'checkbox') widget.toggle();
    else if (type === 'radiobutton' && values[label] === true) widget.toggle();
    widget.update();
  }
}
pdf.save(scriptArgs[1]);
