// The request form: name/value row editors (headers, form fields), reading the form
// into a request model and filling it from one. The DOM is the single source of truth.

import { BODY_KINDS } from './request.js';

/** Rows of two text inputs and a remove button, e.g. the headers. */
export class RowsEditor {
  /**
   * @param {HTMLElement} container where the rows go
   * @param {HTMLButtonElement} addButton the "+ Add" button under them
   * @param {{ noun: string, names?: string, onChange: () => void }} config
   *   `noun` names a row in labels ("header" → "Header 1 name"), `names` is the id of a
   *   datalist for the name input
   */
  constructor(container, addButton, { noun, names, onChange }) {
    this.container = container;
    this.addButton = addButton;
    this.noun = noun;
    this.names = names;
    this.onChange = onChange;
    addButton.addEventListener('click', () => {
      const row = this.addRow('', '');
      this.relabel();
      row.querySelector('input').focus();
      this.onChange();
    });
  }

  /** The rows as [name, value] pairs, empty rows included. */
  get rows() {
    return [...this.container.children].map((row) => {
      const [name, value] = row.querySelectorAll('input');
      return [name.value, value.value];
    });
  }

  set rows(pairs) {
    this.container.replaceChildren();
    for (const [name, value] of pairs) this.addRow(name, value);
    this.relabel();
  }

  addRow(name, value) {
    const row = document.createElement('div');
    row.className = 'row';
    const nameInput = input(name, 'Name', 'row-name');
    if (this.names) nameInput.setAttribute('list', this.names);
    const valueInput = input(value, 'Value', 'row-value');
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'icon remove';
    remove.textContent = '×';
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      this.relabel();
      (next?.querySelector('input') ?? this.addButton).focus();
      this.onChange();
    });
    row.append(nameInput, valueInput, remove);
    this.container.append(row);
    return row;
  }

  /** Numbers the labels of the rows: "Header 2 value", "Remove header 2". */
  relabel() {
    const title = this.noun[0].toUpperCase() + this.noun.slice(1);
    [...this.container.children].forEach((row, i) => {
      const [name, value] = row.querySelectorAll('input');
      name.setAttribute('aria-label', `${title} ${i + 1} name`);
      value.setAttribute('aria-label', `${title} ${i + 1} value`);
      row.querySelector('button').setAttribute('aria-label', `Remove ${this.noun} ${i + 1}`);
    });
  }
}

function input(value, placeholder, className) {
  const element = document.createElement('input');
  element.type = 'text';
  element.value = value;
  element.placeholder = placeholder;
  element.className = className;
  element.autocomplete = 'off';
  element.spellcheck = false;
  return element;
}

/** The form's fields, found once. */
export class RequestForm {
  constructor(root, onChange) {
    this.root = root;
    const $ = (id) => root.querySelector('#' + id);
    this.url = $('url');
    this.json = $('json-body');
    this.text = $('text-body');
    this.file = $('file-body');
    this.fileInfo = $('file-info');
    this.timeout = $('timeout');
    this.retry = $('retry');
    this.throwHttpErrors = $('throw-http-errors');
    this.headers = new RowsEditor($('header-rows'), $('add-header'), { noun: 'header', names: 'header-names', onChange });
    this.form = new RowsEditor($('form-rows'), $('add-field'), { noun: 'field', onChange });
    this.fileName = '';
    this.fileInfoDefault = this.fileInfo.innerHTML;
    root.addEventListener('change', (event) => {
      if (event.target.name === 'body-kind') this.showBodyPanel();
    });
    this.file.addEventListener('change', () => {
      this.fileName = this.file.files[0]?.name ?? '';
      this.describeFile();
    });
  }

  get bodyKind() {
    return this.root.querySelector('input[name="body-kind"]:checked')?.value ?? 'none';
  }

  set bodyKind(kind) {
    const radio = this.root.querySelector(`input[name="body-kind"][value="${BODY_KINDS.includes(kind) ? kind : 'none'}"]`);
    radio.checked = true;
    this.showBodyPanel();
  }

  showBodyPanel() {
    const kind = this.bodyKind;
    for (const panel of this.root.querySelectorAll('.body-panel')) panel.hidden = panel.dataset.kind !== kind;
  }

  /** The chosen File, or null. */
  get chosenFile() {
    return this.file.files[0] ?? null;
  }

  describeFile(note) {
    const file = this.chosenFile;
    if (file) {
      this.fileInfo.textContent = `${file.name}: ${formatBytes(file.size)}${file.type ? ', ' + file.type : ''}.`;
    } else if (note) {
      this.fileInfo.textContent = note;
    } else {
      this.fileInfo.innerHTML = this.fileInfoDefault;
    }
  }

  /** The request the form describes. */
  read() {
    return {
      url: this.url.value,
      headers: this.headers.rows,
      bodyKind: this.bodyKind,
      json: this.json.value,
      form: this.form.rows,
      text: this.text.value,
      fileName: this.chosenFile?.name ?? this.fileName,
      timeout: this.timeout.value,
      retry: this.retry.value,
      throwHttpErrors: this.throwHttpErrors.checked,
    };
  }

  /** Puts `model` into the form. A file cannot be put back: the user is asked for it. */
  fill(model) {
    this.url.value = model.url;
    this.headers.rows = model.headers;
    this.json.value = model.json;
    this.form.rows = model.form;
    this.text.value = model.text;
    this.timeout.value = model.timeout;
    this.retry.value = model.retry;
    this.throwHttpErrors.checked = model.throwHttpErrors;
    this.bodyKind = model.bodyKind;
    const keepFile = model.bodyKind === 'file' && model.fileName && this.chosenFile?.name === model.fileName;
    if (!keepFile) {
      this.file.value = '';
      this.fileName = model.bodyKind === 'file' ? model.fileName : '';
    }
    this.describeFile(model.bodyKind === 'file' && model.fileName && !keepFile
      ? `This request sent ${model.fileName}: choose it again (files are not kept in the history).`
      : undefined);
  }
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = -1;
  do {
    value /= 1024;
    unit += 1;
  } while (value >= 1024 && unit < units.length - 1);
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
